/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	// n8n user folders made by npm start hold package.json files that confuse Jest's module map.
	modulePathIgnorePatterns: ['<rootDir>/.n8n-runs/'],
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	// e2e, queue mode and the browser test start real n8n processes: they have their own configs and npm scripts.
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/queue/', '/test/ui/'],
	testTimeout: 30000,
	transform: {
		// Transpile only (no type-check per test file) to keep runs fast; type-check with `npx tsc --noEmit`.
		'^.+\\.tsx?$': ['ts-jest', { tsconfig: { isolatedModules: true } }],
	},
};
