module.exports = { ...require('../../jest.preset.js'), displayName: 'deployment-planner' };
