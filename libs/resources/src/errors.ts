/** Thrown when resource, range, role or attribute text (or JSON) is malformed or invalid. */
export class ResourceParseError extends Error {
  override name = 'ResourceParseError';
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Thrown by `Resources.subtract` when the subtrahend is not contained; the message lists every shortfall. */
export class InsufficientResourcesError extends Error {
  override name = 'InsufficientResourcesError';
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
