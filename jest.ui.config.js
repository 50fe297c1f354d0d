/**
 * The browser test: Debian's Chromium (driven by playwright-core) against the n8n that `npm start` brings up.
 * `npm run test:ui`; N8N_UI_URL=http://localhost:5678 uses an n8n that is already running instead.
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	modulePathIgnorePatterns: ['<rootDir>/.n8n-runs/'],
	rootDir: __dirname,
	testMatch: ['<rootDir>/test/ui/**/*.test.ts'],
	globalSetup: '<rootDir>/test/ui/globalSetup.ts',
	globalTeardown: '<rootDir>/test/ui/globalTeardown.ts',
	testTimeout: 3 * 60 * 1000,
	transform: {
		'^.+\\.tsx?$': ['ts-jest', { tsconfig: { isolatedModules: true } }],
	},
};
