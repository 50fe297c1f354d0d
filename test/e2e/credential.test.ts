/*
 * The Vtrix API credential's test, as n8n's credential dialog runs it: a real n8n server
 * (`n8n start`) per line, the credential stored and tested through n8n's REST API, the simulator
 * as the API. The lines run one after the other: the injected 403 must reach the right one.
 */
import type { FaultRule, Simulator } from '../../simulator';
import { closeLine, LINES, packedTgz, SIM_KEY, startSim, type Line, type LineCtx } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runner = require('../../scripts/n8n/runner');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rest = require('../../scripts/n8n/rest');

const OWNER = { email: 'owner@example.com', password: 'CredTest1234' };
const CHECK_PATH = '/model/v1/generation/task/n8n-credential-check';

interface TestAnswer {
	status: string;
	message: string;
}

let sim: Simulator;

beforeAll(async () => {
	sim = await startSim();
});

afterAll(async () => {
	await sim?.close();
});

describe.each(LINES)('credential test in a real n8n %s', (line: Line) => {
	let ctx: LineCtx | undefined;
	let server: { url: string; stop: () => Promise<void>; output: () => string } | undefined;
	let cookie: string;
	let credentialId: string;

	/** The dialog's Test button with these values; `fault` is injected into the fresh simulator first. */
	const pressTest = async (data: { apiKey: string; baseUrl: string }, fault?: FaultRule): Promise<TestAnswer> => {
		sim.reset();
		if (fault) sim.inject(fault);
		return rest.testCredential(server!.url, cookie, { id: credentialId, name: 'Vtrix', type: 'vtrixApi', data });
	};
	const requestsSeen = () => sim.requests.map((r) => `${r.method} ${r.path} ${r.authorization}`);

	beforeAll(async () => {
		ctx = await runner.createUserFolder({ line, tgz: packedTgz() });
		server = await runner.startN8n(ctx);
		const owner = await rest.ensureOwner(server!.url, OWNER);
		if (owner !== 'created') throw new Error(`owner setup: ${owner}`);
		cookie = await rest.login(server!.url, OWNER);
		credentialId = await rest.createCredential(server!.url, cookie, {
			name: 'Vtrix',
			type: 'vtrixApi',
			data: { apiKey: SIM_KEY, baseUrl: sim.url },
		});
	});

	afterAll(async () => {
		await server?.stop();
		closeLine(ctx);
	});

	it('says the right key is valid, having read a task that does not exist (nothing created, nothing paid)', async () => {
		expect(await pressTest({ apiKey: SIM_KEY, baseUrl: sim.url })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(requestsSeen()).toEqual([`GET ${CHECK_PATH} Bearer ${SIM_KEY}`]);
	});

	it('refuses a plain http:// Base URL that is not on this machine, before sending anything', async () => {
		const answer = await pressTest({ apiKey: SIM_KEY, baseUrl: 'http://vtrix.example.com' });
		expect(answer.status).toBe('Error');
		expect(answer.message).toMatch(/Refusing to send the API key over plain http:\/\//);
		expect(requestsSeen()).toEqual([]);
	});

	if (line === 'v2') {
		it('says a wrong key is invalid', async () => {
			expect(await pressTest({ apiKey: 'wrong-key', baseUrl: sim.url })).toEqual({ status: 'Error', message: 'The API key is invalid' });
			// n8n 2.x sends the request a second time after the 401 (its own retry): both the same free read.
			const seen = requestsSeen();
			expect(seen.length).toBeGreaterThan(0);
			expect(new Set(seen)).toEqual(new Set([`GET ${CHECK_PATH} Bearer wrong-key`]));
		});

		it('says why a key is refused with 403', async () => {
			const answer = await pressTest({ apiKey: SIM_KEY, baseUrl: sim.url }, { path: CHECK_PATH, status: 403 });
			expect(answer).toEqual({ status: 'Error', message: 'The API key was refused: no permission for this model, or no balance' });
		});
	} else {
		// Known limitation, documented in the README: n8n 1.x ignores every HTTP status once a test
		// request ignores any, so the 401 of a wrong key reads as success. If this starts failing,
		// n8n 1.x learnt the `except` list: update the README's credential section.
		it('cannot tell a wrong key on n8n 1.x (known limitation)', async () => {
			expect(await pressTest({ apiKey: 'wrong-key', baseUrl: sim.url })).toEqual({ status: 'OK', message: 'Connection successful!' });
		});
	}
});
