module.exports = { ...require('../../jest.preset.js'), displayName: 'framework-sdk' };
