/**
 * End-to-end tests: the packed package inside a real n8n 1.x and 2.x, against the simulator.
 * `npm run test:e2e` (runs in band). See test/e2e/helpers.ts for the env knobs.
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	// n8n user folders made by npm start hold package.json files that confuse Jest's module map.
	modulePathIgnorePatterns: ['<rootDir>/.n8n-runs/'],
	rootDir: __dirname,
	testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	// Each n8n CLI command boots n8n (~3-5 s); a file runs a handful per line.
	testTimeout: 10 * 60 * 1000,
	transform: {
		'^.+\\.tsx?$': ['ts-jest', { tsconfig: { isolatedModules: true } }],
	},
};
