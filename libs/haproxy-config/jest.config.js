module.exports = { ...require('../../jest.preset.js'), displayName: 'haproxy-config' };
