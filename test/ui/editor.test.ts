/*
 * What a new user meets in the editor, in Debian's Chromium, against the n8n that `npm start` brought
 * up (see globalSetup.ts): the node found by search, its operations and conditional fields, the
 * credential's Test, the example workflow's video in the output's Binary tab, and the Vidu Trigger's
 * URLs and test mode.
 * Screenshots go to .n8n-runs/ui-screenshots/ (VIDU_UI_SCREENSHOTS); the README shows some of them.
 */
import type { Browser, Page } from 'playwright-core';

import { id, launch, listOptions, openWorkflow, parameterLabels, screenshot, searchNodes, selectOption, setToggle, signIn, waitForParameter } from './editor';

const baseUrl = () => process.env.N8N_UI_URL as string;
/** The simulator npm start runs next to n8n; its key sim-key is the good one. */
const simUrl = () => process.env.VIDU_UI_SIM_URL || 'http://127.0.0.1:4010';

const VIDU_ON_CANVAS = '[data-test-id="canvas-node"][data-node-name="Vidu Create and Wait"]';
const TRIGGER_ON_CANVAS = '[data-test-id="canvas-node"][data-node-name="Vidu Trigger"]';

let browser: Browser;
let page: Page;

beforeAll(async () => {
	browser = await launch();
	page = await signIn(browser, baseUrl());
});

afterAll(async () => {
	await browser?.close();
});

describe('the nodes panel', () => {
	test.each(['Vidu', 'vtrix', 'image to video'])('finds Vidu when the user searches "%s"', async (query) => {
		await openWorkflow(page, baseUrl(), 'Vidu: image to video');
		const names = await searchNodes(page, query);
		if (query === 'image to video') await screenshot(page, 'nodes-panel-search');
		expect(names).toContain('Vidu');
		// The entry n8n merges the node and its trigger into says what the package does.
		const vidu = page.locator(id('item-iterator-item')).filter({ has: page.locator(`${id('node-creator-item-name')}:text-is("Vidu")`) });
		await expect(vidu.first().textContent()).resolves.toMatch(/Make videos with Vidu \(image, first and last frame, text, reference, extend\)/);
	});
});

describe('a Vidu node added to a new workflow', () => {
	beforeAll(async () => {
		await page.goto(`${baseUrl()}/workflow/new`);
		await page.locator(id('canvas-add-button')).click({ force: true });
		await page.locator(id('node-creator-search-bar')).fill('manual');
		await page.locator(`${id('node-creator-item-name')}:has-text("Trigger manually")`).waitFor();
		await page.keyboard.press('Enter');
		await page.waitForSelector(id('canvas-handle-plus'));
	});

	test('offers the three operations as actions', async () => {
		// The + on the trigger's output, so the new node is connected as a user would add it.
		await searchNodes(page, 'Vidu', id('canvas-handle-plus'));
		await page.click(`${id('node-creator-item-name')}:text-is("Vidu")`);
		const actions = page.locator(id('node-creator-item-name'));
		// The actions slide in over the search results: the "Vidu" result is gone once they have settled.
		await page.locator(`${id('node-creator-item-name')}:text-is("Vidu")`).waitFor({ state: 'hidden' });
		await screenshot(page, 'nodes-panel-actions');
		expect((await actions.allTextContents()).map((name) => name.trim())).toEqual([
			'Create a video task',
			'Create a video and wait for it',
			'Get the status of a video task',
		]);
		await actions.filter({ hasText: 'wait' }).first().click();
		await page.waitForSelector(id('node-parameters'));
		await screenshot(page, 'node-parameters');
		expect(await listOptions(page, 'operation')).toEqual([
			expect.stringMatching(/^Create(?! and)/),
			expect.stringMatching(/^Create and Wait/),
			expect.stringMatching(/^Get Status/),
		]);
	});

	test('shows Voice ID only with Audio on', async () => {
		expect(await parameterLabels(page)).not.toContain('Voice ID');
		await setToggle(page, 'audio', true);
		await waitForParameter(page, 'Voice ID', true);
		await setToggle(page, 'audio', false);
		await waitForParameter(page, 'Voice ID', false);
	});

	test('shows Watermark Position and Watermark Image URL only with Watermark on', async () => {
		const before = await parameterLabels(page);
		expect(before).not.toContain('Watermark Position');
		expect(before).not.toContain('Watermark Image URL');
		await setToggle(page, 'watermark', true);
		await waitForParameter(page, 'Watermark Position', true);
		await waitForParameter(page, 'Watermark Image URL', true);
		await screenshot(page, 'node-watermark-on');
		await setToggle(page, 'watermark', false);
		await waitForParameter(page, 'Watermark Position', false);
		await waitForParameter(page, 'Watermark Image URL', false);
	});

	test('puts the optional collections after every other field', async () => {
		const labels = await parameterLabels(page);
		const firstCollection = labels.findIndex((l) => l === 'Additional Options');
		expect(firstCollection).toBeGreaterThan(labels.indexOf('Watermark'));
		expect(firstCollection).toBeGreaterThan(labels.indexOf('Audio'));
	});

	test('shows Task ID only for Get Status, without the image fields', async () => {
		expect(await parameterLabels(page)).not.toContain('Task ID');
		await selectOption(page, 'operation', 'Get Status');
		await waitForParameter(page, 'Task ID', true);
		const labels = await parameterLabels(page);
		expect(labels).toContain('Task ID');
		expect(labels).not.toContain('Image Source');
		expect(labels).not.toContain('Prompt');
		await page.keyboard.press('Escape');
	});
});

describe('the example workflow on the canvas', () => {
	test('the Vidu node says its operation in words', async () => {
		await openWorkflow(page, baseUrl(), 'Vidu: image to video');
		const vidu = page.locator(VIDU_ON_CANVAS);
		await expect(vidu.textContent()).resolves.toContain('Create and Wait');
		await expect(vidu.textContent()).resolves.not.toContain('createAndWait');
	});

	test('runs, and the output shows the video in the Binary tab', async () => {
		await openWorkflow(page, baseUrl(), 'Vidu: image to video');
		await page.click(id('execute-workflow-button'));
		await page.waitForSelector(`${VIDU_ON_CANVAS} ${id('canvas-node-status-success')}`, { timeout: 120_000 });
		await page.locator(VIDU_ON_CANVAS).dblclick();
		const output = page.locator(id('output-panel'));
		await output.locator(id('radio-button-binary')).click();
		const file = output.locator(id('ndv-binary-data_0'));
		await expect(file.textContent()).resolves.toMatch(/video\/mp4/);
		await expect(file.textContent()).resolves.toMatch(/task_\w+\.mp4/);
		await screenshot(page, 'output-binary-video');
		await file.locator(id('ndv-view-binary-data')).click();
		await page.waitForSelector('video');
		await screenshot(page, 'output-video-player');
	});
});

describe('the Vidu Trigger of the batch-by-callback example', () => {
	const RECEIVE = 'Vidu: batch by callback (2 of 2) - finish each task once';
	/** The Callback URL the example's create workflow (1 of 2) sends, as npm start imported it. */
	const callbackUrl = () => `${baseUrl()}/webhook/6c3b8f1e-2d47-4a0b-9e15-7a2f4d9c0b11/callback`;

	beforeAll(async () => {
		await openWorkflow(page, baseUrl(), RECEIVE);
		// n8n 2.x opens its Production Checklist over the canvas of a published workflow.
		const checklist = page.getByText('Production Checklist', { exact: true });
		if (await checklist.isVisible()) {
			await page.keyboard.press('Escape');
			await checklist.waitFor({ state: 'hidden' });
		}
		await page.locator(TRIGGER_ON_CANVAS).dblclick();
		await page.waitForSelector(id('node-parameters'));
	});

	test('shows the Production URL the create workflow uses as its Callback URL', async () => {
		await page.getByText('Webhook URLs').click();
		await page.locator(id('radio-button-production')).click();
		await page.getByText(callbackUrl(), { exact: true }).waitFor();
		await screenshot(page, 'trigger-parameters');
	});

	test('the workflow finishes each task by callback or by its sweep, through one claim', async () => {
		await page.keyboard.press('Escape');
		await page.locator(id('zoom-to-fit')).click();
		for (const name of ['Vidu Trigger', 'Every 5 Minutes', 'Unfinished Tasks', 'Read the Task', 'Claim the Task', 'Claimed by This Run?', 'Get the Video']) {
			await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).waitFor();
		}
		await screenshot(page, 'recipe-finish-once');
	});

	test('while it listens for a test event, the canvas says what it waits for, in its words', async () => {
		// With two triggers on the canvas n8n shows no trigger's waiting text: the sweep's Schedule Trigger is
		// disabled here (not saved), as in a workflow that has only the Vidu Trigger.
		await page.locator('[data-test-id="canvas-node"][data-node-name="Every 5 Minutes"]').click();
		await page.keyboard.press('d');
		await page.locator(TRIGGER_ON_CANVAS).dblclick();
		await page.locator(id('trigger-execute-button')).click();
		await page.keyboard.press('Escape');
		const trigger = page.locator(TRIGGER_ON_CANVAS);
		await trigger.getByText("Waiting for a task to end: run a Vidu node with this node's Test URL as its Callback URL").waitFor();
		await expect(trigger.textContent()).resolves.toContain('On task completed or failed');
		await screenshot(page, 'trigger-listening');
		await page.locator(id('stop-execution-waiting-for-webhook-button')).click();
	});
});

describe("the credential's Test", () => {
	async function saveCredential(apiKey: string): Promise<void> {
		await page.goto(`${baseUrl()}/home/credentials/create`);
		await page.click(id('new-credential-type-select'));
		await page.keyboard.type('Vtrix');
		await page.click(`${id('new-credential-type-select-option')}:has-text("Vtrix API")`);
		await page.click(id('new-credential-type-button'));
		await page.fill(`${id('parameter-input-apiKey')} input`, apiKey);
		await page.fill(`${id('parameter-input-baseUrl')} input`, simUrl());
		await page.click(id('credential-save-button'));
	}

	test('says the connection works with a good key', async () => {
		await saveCredential('sim-key');
		await page.waitForSelector(id('credentials-config-container-test-success'));
		await screenshot(page, 'credential-test-good');
	});

	test('says the key is invalid with a wrong key, also when pressed again', async () => {
		await saveCredential('not-a-key');
		const dialog = page.locator(id('credential-edit-dialog'));
		await dialog.getByText(/Couldn.t connect with these settings/).waitFor();
		await dialog.getByText('More details').click();
		await dialog.getByText('The API key is invalid').waitFor();
		await screenshot(page, 'credential-test-wrong-key');
		await dialog.getByRole('button', { name: 'Retry' }).click();
		await dialog.getByText(/Couldn.t connect with these settings/).waitFor();
	});
});
