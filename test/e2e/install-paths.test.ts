/*
 * The README's install paths, each from a registry, in a real n8n 1.x and 2.x: the package is published to
 * a local registry (verdaccio, offline), installed, a workflow runs the Vidu node against the simulator, and
 * the package is removed again.
 *
 * 1. Settings → Community Nodes: POST /rest/community-packages with N8N_COMMUNITY_PACKAGES_REGISTRY at the
 *    local registry (both lines read that variable). n8n packs the published package, strips its peer
 *    dependencies and installs it with --ignore-scripts; DELETE removes it.
 * 2. The README's npm command, as typed, in `~/.n8n/nodes` (HOME = the n8n user folder): with npm 10 on
 *    n8n 1.x, npm 11 on n8n 2.x. n8n must then load the node with its own n8n-workflow: no copy of
 *    n8n-workflow anywhere under `.n8n/nodes`, and inside n8n (n8n-workflow-probe.js) the node's
 *    `require('n8n-workflow')` gives n8n's own copy, the only one n8n loaded. `npm uninstall` removes it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { Simulator } from '../../simulator';
import {
	chain,
	EXAMPLE_CREDENTIAL,
	LINES,
	manualTrigger,
	packedTgz,
	perLine,
	SIM_KEY,
	startSim,
	valueOf,
	viduNode,
	workflowId,
	type Line,
	type PerLine,
	type Workflow,
} from './helpers';
import {
	enableCustomRegistry,
	installCommunityPackage,
	installedModules,
	listCommunityPackages,
	n8nWorkflowCopies,
	npmMajorBin,
	PACKAGE_NAME,
	readmeInstallCommand,
	recordedDependencies,
	runReadmeInstall,
	uninstallCommunityPackage,
	type InstalledPackage,
} from './install-paths-helpers';
import { nodeItems, waitFor, type Execution } from './recipes-helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runner = require('../../scripts/n8n/runner');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rest = require('../../scripts/n8n/rest');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startRegistry } = require('../../scripts/n8n/registry');

const OWNER = { email: 'owner@example.com', password: 'Install1234' };
const NPM_MAJOR: Record<Line, number> = { v1: 10, v2: 11 };
const NODE_TYPES = [`${PACKAGE_NAME}.vidu`, `${PACKAGE_NAME}.viduTrigger`];

interface PathOutcome {
	/** What the install left in `.n8n/nodes`, and which n8n-workflow copies. */
	modules: string[];
	workflowCopies: string[];
	recorded: Record<string, string>;
	/** The run of the Vidu workflow: its status and the Vidu node's items. */
	execution: { status: string; items: Array<Record<string, any>>; error?: string };
	/** After the removal. */
	modulesAfter: string[];
	recordedAfter: Record<string, string>;
}

interface CommunityOutcome extends PathOutcome {
	installed: InstalledPackage;
	listed: string[];
	listedAfter: string[];
}

interface ManualOutcome extends PathOutcome {
	npmOutput: string;
	/** `n8n execute` of the same workflow after `npm uninstall`. */
	afterRemoval: { ok: boolean; message?: string };
	/** What n8n-workflow-probe.js saw in the processes of `n8n start`. */
	probe: ProbeLine[];
	/** The n8n-workflow folder n8n itself resolves. */
	n8nOwnWorkflow: string;
}

interface ProbeLine {
	pid: number;
	roots: string[];
	usedByNode: string[];
}

let sim: Simulator;
let registry: { url: string; publish(tgz: string): Promise<string>; stop(): Promise<void> };
let work: string;
let community: PerLine<CommunityOutcome>;
let manual: PerLine<ManualOutcome>;

/** Manual Trigger → Vidu Create and Wait on the simulator's sample image. */
function viduWorkflow(id: string, line: Line): Workflow {
	return {
		id,
		name: id,
		nodes: [
			manualTrigger('Manual'),
			viduNode('Vidu', { imageSource: 'url', imageUrl: `${sim.url}/images/sample.png`, prompt: `${line} install path` }, {}, 200),
		],
		connections: chain('Manual', 'Vidu'),
	};
}

/** A user folder (nothing installed) with the credential and the workflow imported. */
async function prepareFolder(line: Line, name: string, env: Record<string, string>) {
	const ctx = await runner.createUserFolder({ line, env });
	await runner.importCredential(ctx, { ...EXAMPLE_CREDENTIAL, type: 'vtrixApi', data: { apiKey: SIM_KEY, baseUrl: sim.url } });
	const id = workflowId(line, name);
	await runner.importWorkflow(ctx, viduWorkflow(id, line));
	return { ctx, id };
}

/** `n8n start`, owner, login; `work(url, cookie)`; stop. */
async function withServer<T>(ctx: any, work: (url: string, cookie: string) => Promise<T>): Promise<T> {
	const server = await runner.startN8n(ctx);
	try {
		const owner = await rest.ensureOwner(server.url, OWNER);
		if (owner !== 'created' && owner !== 'exists') throw new Error(`owner setup: ${owner}`);
		return await work(server.url, await rest.login(server.url, OWNER));
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- n8n output (tail) ---\n${server.output().split('\n').slice(-40).join('\n')}`);
	} finally {
		await server.stop();
	}
}

/** Runs the workflow as *Execute workflow* does and waits for its stored execution. */
async function runVidu(ctx: any, url: string, cookie: string, id: string): Promise<PathOutcome['execution']> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const flatted = require(path.join(ctx.n8n.dir, 'node_modules', 'flatted'));
	const executionId = await rest.runWorkflow(url, cookie, id, 'Manual');
	const execution: Execution = await waitFor(
		`execution ${executionId}`,
		async () => {
			const e = await rest.getExecution(url, cookie, executionId, flatted.parse);
			return rest.hasEnded(e) ? e : undefined;
		},
		120_000,
	);
	return {
		status: execution.status,
		items: nodeItems(execution, 'Vidu').map((item) => item.json),
		error: execution.data.resultData.error?.message,
	};
}

async function communityPath(line: Line): Promise<CommunityOutcome> {
	const { ctx, id } = await prepareFolder(line, 'Community', {
		E2E_TESTS: 'true',
		N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url,
		// npm calls n8n makes without --registry (`npm outdated` for the list) stay on the local registry too.
		npm_config_registry: `${registry.url}/`,
		npm_config_cache: path.join(work, `${line}-community-npm-cache`),
	});
	try {
		return await withServer(ctx, async (url, cookie) => {
			await enableCustomRegistry(url);
			const installed = await installCommunityPackage(url, cookie, PACKAGE_NAME);
			const modules = installedModules(ctx.userFolder);
			const workflowCopies = n8nWorkflowCopies(ctx.userFolder);
			const recorded = recordedDependencies(ctx.userFolder);
			const listed = (await listCommunityPackages(url, cookie)).map((p) => `${p.packageName}@${p.installedVersion}`);
			const execution = await runVidu(ctx, url, cookie, id);
			await uninstallCommunityPackage(url, cookie, PACKAGE_NAME);
			const listedAfter = (await listCommunityPackages(url, cookie)).map((p) => p.packageName);
			return {
				installed,
				modules,
				workflowCopies,
				recorded,
				listed,
				execution,
				listedAfter,
				modulesAfter: installedModules(ctx.userFolder),
				recordedAfter: recordedDependencies(ctx.userFolder),
			};
		});
	} finally {
		runner.removeUserFolder(ctx);
	}
}

async function manualPath(line: Line): Promise<ManualOutcome> {
	const probeFile = path.join(work, `${line}-probe.jsonl`);
	const { ctx, id } = await prepareFolder(line, 'Manual', {
		NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require "${path.join(__dirname, 'n8n-workflow-probe.js')}"`].filter(Boolean).join(' '),
		VIDU_PROBE_FILE: probeFile,
	});
	try {
		const npmBin = npmMajorBin(NPM_MAJOR[line], path.join(work, line));
		const npmOutput = runReadmeInstall(readmeInstallCommand(), { home: ctx.userFolder, registryUrl: registry.url, npmBin });
		const modules = installedModules(ctx.userFolder);
		const workflowCopies = n8nWorkflowCopies(ctx.userFolder);
		const recorded = recordedDependencies(ctx.userFolder);
		fs.rmSync(probeFile, { force: true });
		const execution = await withServer(ctx, async (url, cookie) => await runVidu(ctx, url, cookie, id));
		const probe: ProbeLine[] = fs.readFileSync(probeFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
		runReadmeInstall(`cd ~/.n8n/nodes\nnpm uninstall ${PACKAGE_NAME}`, { home: ctx.userFolder, registryUrl: registry.url, npmBin });
		const rerun = await runner.executeWorkflow(ctx, id);
		return {
			npmOutput,
			modules,
			workflowCopies,
			recorded,
			execution,
			modulesAfter: installedModules(ctx.userFolder),
			recordedAfter: recordedDependencies(ctx.userFolder),
			afterRemoval: { ok: rerun.ok, message: rerun.error?.message },
			probe,
			n8nOwnWorkflow: path.dirname(require.resolve('n8n-workflow/package.json', { paths: [path.join(ctx.n8n.dir, 'node_modules', 'n8n')] })),
		};
	} finally {
		runner.removeUserFolder(ctx);
	}
}

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vidu-install-paths-'));
	sim = await startSim();
	registry = await startRegistry();
	await registry.publish(packedTgz());
	community = await perLine(communityPath);
	manual = await perLine(manualPath);
}, 15 * 60 * 1000);

afterAll(async () => {
	await registry?.stop();
	await sim?.close();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

const version: string = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;

/** The Vidu workflow's run: one completed task from the simulator. */
function expectCompletedRun(execution: PathOutcome['execution']): void {
	expect(execution.error).toBeUndefined();
	expect(execution.status).toBe('success');
	expect(execution.items).toHaveLength(1);
	expect(execution.items[0]).toMatchObject({ status: 'completed', taskId: expect.stringMatching(/^task_/) });
}

describe.each(LINES)('n8n %s: Settings → Community Nodes, from a registry', (line: Line) => {
	const outcome = () => valueOf(community[line]);

	test('n8n installs the package with both nodes', () => {
		const { installed } = outcome();
		expect(installed).toMatchObject({ packageName: PACKAGE_NAME, installedVersion: version });
		expect(installed.installedNodes.map((n) => n.type).sort()).toEqual(NODE_TYPES);
		expect(outcome().listed).toEqual([`${PACKAGE_NAME}@${version}`]);
	});

	test('.n8n/nodes holds the package alone: no n8n-workflow of its own', () => {
		expect(outcome().modules).toEqual([PACKAGE_NAME]);
		expect(outcome().workflowCopies).toEqual([]);
		expect(outcome().recorded).toEqual({ [PACKAGE_NAME]: version });
	});

	test('a workflow with the Vidu node runs against the simulator', () => {
		expectCompletedRun(outcome().execution);
	});

	test('uninstalling removes it', () => {
		expect(outcome().listedAfter).toEqual([]);
		expect(outcome().modulesAfter).toEqual([]);
		// n8n 1.123 leaves the package in .n8n/nodes/package.json (it loads from node_modules, so harmless); 2.41 removes it.
		expect(outcome().recordedAfter).toEqual(line === 'v1' ? { [PACKAGE_NAME]: version } : {});
	});
});

describe.each(LINES)("n8n %s: the README's npm command in ~/.n8n/nodes", (line: Line) => {
	const outcome = () => valueOf(manual[line]);

	test(`runs with npm ${NPM_MAJOR[line]} and installs the package alone: no n8n-workflow of its own`, () => {
		expect(outcome().npmOutput.split('\n')[0]).toMatch(new RegExp(`^${NPM_MAJOR[line]}\\.`));
		expect(outcome().modules).toEqual([PACKAGE_NAME]);
		expect(outcome().workflowCopies).toEqual([]);
		expect(outcome().recorded).toEqual({ [PACKAGE_NAME]: `^${version}` });
	});

	test('n8n loads it and the Vidu workflow runs', () => {
		expectCompletedRun(outcome().execution);
	});

	test("inside n8n the node runs on n8n's own n8n-workflow, the one copy n8n loaded", () => {
		const { probe, n8nOwnWorkflow } = outcome();
		const main = probe.filter((p) => p.usedByNode.length > 0);
		expect(main).toHaveLength(1);
		expect(main[0].roots).toEqual([n8nOwnWorkflow]);
		expect(main[0].usedByNode.map((f) => f.startsWith(`${n8nOwnWorkflow}${path.sep}`))).toEqual(main[0].usedByNode.map(() => true));
	});

	test('npm uninstall removes it: n8n no longer knows the node', () => {
		expect(outcome().modulesAfter).toEqual([]);
		expect(outcome().recordedAfter).toEqual({});
		expect(outcome().afterRemoval.ok).toBe(false);
		expect(outcome().afterRemoval.message).toMatch(/n8n-nodes-vidu\.vidu/);
	});
});
