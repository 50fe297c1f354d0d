/**
 * n8n queue mode for real: Postgres + Redis + n8n 2.x main, 2 workers and a webhook processor, this
 * package installed in each, against the simulator. `npm run test:queue` (runs in band).
 * See test/queue/helpers.ts for the env knobs.
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	modulePathIgnorePatterns: ['<rootDir>/.n8n-runs/'],
	rootDir: __dirname,
	testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
	globalSetup: '<rootDir>/test/queue/globalSetup.ts',
	globalTeardown: '<rootDir>/test/queue/globalTeardown.ts',
	// One file starts the whole cluster once (1-2 minutes) and runs every scenario against it.
	testTimeout: 10 * 60 * 1000,
	transform: {
		'^.+\\.tsx?$': ['ts-jest', { tsconfig: { isolatedModules: true } }],
	},
};
