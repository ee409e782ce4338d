module.exports = { ...require('../../jest.preset.js'), displayName: 'example-framework' };
