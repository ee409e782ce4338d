import * as pb from '@strato/proto';
import { Attribute, Range, Resource, Resources, toMilli } from '@strato/resources';

const toRanges = (ranges: readonly Range[]): pb.Value_Ranges => ({
  range: ranges.map((r) => ({ begin: r.begin, end: r.end })),
});
const fromRanges = (ranges: pb.Value_Ranges | undefined): Range[] =>
  (ranges?.range ?? []).map((r) => ({ begin: r.begin, end: r.end }));

export function resourcesToProto(resources: Resources, allocationRole = ''): pb.Resource[] {
  return resources.toList().map((r): pb.Resource => {
    const base = { name: r.name, role: r.role, allocationRole };
    switch (r.value.type) {
      case 'scalar':
        return { ...base, type: pb.Value_Type.SCALAR, scalar: { value: r.value.milli / 1000 } };
      case 'ranges':
        return { ...base, type: pb.Value_Type.RANGES, ranges: toRanges(r.value.ranges) };
      case 'set':
        return { ...base, type: pb.Value_Type.SET, set: { item: [...r.value.items] } };
    }
  });
}

/** Converts wire resources; throws `ResourceParseError` (from `Resources.from`) on invalid values. */
export function resourcesFromProto(list: readonly pb.Resource[]): Resources {
  return Resources.from(
    list.map((r): Resource => {
      const role = r.role || '*';
      switch (r.type) {
        case pb.Value_Type.RANGES:
          return { name: r.name, role, value: { type: 'ranges', ranges: fromRanges(r.ranges) } };
        case pb.Value_Type.SET:
          return { name: r.name, role, value: { type: 'set', items: r.set?.item ?? [] } };
        default:
          return { name: r.name, role, value: { type: 'scalar', milli: toMilli(r.scalar?.value ?? 0) } };
      }
    }),
  );
}

export function attributesToProto(attributes: readonly Attribute[]): pb.Attribute[] {
  return attributes.map((a): pb.Attribute => {
    switch (a.value.type) {
      case 'text':
        return { name: a.name, type: pb.Value_Type.TEXT, text: { value: a.value.text } };
      case 'scalar':
        return { name: a.name, type: pb.Value_Type.SCALAR, scalar: { value: a.value.milli / 1000 } };
      case 'ranges':
        return { name: a.name, type: pb.Value_Type.RANGES, ranges: toRanges(a.value.ranges) };
    }
  });
}

export function attributesFromProto(list: readonly pb.Attribute[]): Attribute[] {
  return list.map((a): Attribute => {
    switch (a.type) {
      case pb.Value_Type.SCALAR:
        return { name: a.name, value: { type: 'scalar', milli: Math.round((a.scalar?.value ?? 0) * 1000) } };
      case pb.Value_Type.RANGES:
        return { name: a.name, value: { type: 'ranges', ranges: fromRanges(a.ranges) } };
      default:
        return { name: a.name, value: { type: 'text', text: a.text?.value ?? '' } };
    }
  });
}
