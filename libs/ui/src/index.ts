// Browser-side helpers shared by the master, Marathon and Chronos UIs (bundled into each UI's app.js).
export * from './api';
export * from './dom';
export * from './format';
export * from './live';
