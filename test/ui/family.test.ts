/*
 * Version 2 in the editor, per mode: each mode's example opens with that mode's fields, and a new
 * Vidu node lists each mode's models from the catalogue and swaps the form when the mode changes.
 */
import type { Browser, Page } from 'playwright-core';

import { MODE_NAMES, MODES, modelsOf } from '../../nodes/Vidu/models/catalogue';
import { id, launch, listOptions, openWorkflow, parameterLabels, screenshot, searchNodes, selectOption, setToggle, signIn, waitForParameter } from './editor';

const baseUrl = () => process.env.N8N_UI_URL as string;

let browser: Browser;
let page: Page;

beforeAll(async () => {
	browser = await launch();
	page = await signIn(browser, baseUrl());
});

afterAll(async () => {
	await browser?.close();
});

async function openNode(workflow: string, node: string): Promise<string[]> {
	await openWorkflow(page, baseUrl(), workflow);
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${node}"]`).dblclick();
	await page.waitForSelector(id('node-parameters'));
	await waitForParameter(page, 'Mode', true);
	const labels = await parameterLabels(page);
	await screenshot(page, `mode-${workflow.replace(/^Vidu: /, '').replace(/\W+/g, '-')}`);
	await page.keyboard.press('Escape');
	return labels;
}

describe('each mode’s example opens with that mode’s fields', () => {
	test('First and Last Frame to Video', async () => {
		const labels = await openNode('Vidu: first and last frame to video', 'Vidu First and Last Frame');
		expect(labels).toEqual(expect.arrayContaining(['Mode', 'Model', 'First Frame Source', 'First Frame URL', 'Last Frame Source', 'Last Frame URL', 'Prompt']));
		expect(labels).not.toContain('Aspect Ratio');
	});

	test('Text to Video', async () => {
		const labels = await openNode('Vidu: text to video', 'Vidu Text to Video');
		expect(labels).toEqual(expect.arrayContaining(['Mode', 'Model', 'Prompt', 'Duration (Seconds)', 'Resolution', 'Aspect Ratio']));
		expect(labels.some((label) => /Source$/.test(label))).toBe(false);
	});

	test('Reference to Video', async () => {
		const labels = await openNode('Vidu: reference to video', 'Vidu Reference to Video');
		expect(labels).toEqual(expect.arrayContaining(['Mode', 'Model', 'Reference Images', 'Prompt']));
		// Vidu Q2 takes its images only as subjects (D-q2r2v): there is nothing to switch.
		expect(labels).not.toContain('Send as Subjects');
	});

	test('Extend a Video', async () => {
		const labels = await openNode('Vidu: extend a video', 'Vidu Extend');
		expect(labels).toEqual(expect.arrayContaining(['Mode', 'Model', 'Video Source', 'Video URL', 'End Frame Source']));
	});
});

describe('a new Vidu node', () => {
	beforeAll(async () => {
		// As editor.test.ts: a manual trigger first (an empty canvas' panel offers triggers), then Vidu on its output.
		await page.goto(`${baseUrl()}/workflow/new`);
		await page.locator(id('canvas-add-button')).click({ force: true });
		await page.locator(id('node-creator-search-bar')).fill('manual');
		await page.locator(`${id('node-creator-item-name')}:has-text("Trigger manually")`).waitFor();
		await page.keyboard.press('Enter');
		await page.waitForSelector(id('canvas-handle-plus'));
		const names = await searchNodes(page, 'text to video', id('canvas-handle-plus'));
		expect(names).toContain('Vidu');
		await page.click(`${id('node-creator-item-name')}:text-is("Vidu")`);
		// The actions slide in over the search results: the "Vidu" result is gone once they have settled.
		await page.locator(`${id('node-creator-item-name')}:text-is("Vidu")`).waitFor({ state: 'hidden' });
		await page.locator(id('node-creator-item-name')).filter({ hasText: 'wait' }).first().click();
		await page.waitForSelector(id('node-parameters'));
	});

	test('starts as Image to Video with Vidu Q2 Turbo', async () => {
		const labels = await parameterLabels(page);
		expect(labels.filter((label) => label !== 'Credential').slice(0, 4)).toEqual(['Operation', 'Mode', 'Model', 'Image Source']);
		expect((await listOptions(page, 'model'))[0]).toMatch(/^Vidu Q2 Turbo/);
	});

	test.each(MODES.map((mode) => [MODE_NAMES[mode], mode] as const))('%s lists its models and a Custom Model ID', async (name, mode) => {
		await selectOption(page, 'videoMode', name);
		// The mode's dropdown has closed before the model's opens.
		await page.locator('[role=option]:visible').first().waitFor({ state: 'hidden' });
		const models = await listOptions(page, 'model');
		expect(models).toHaveLength(modelsOf(mode).length + 1);
		modelsOf(mode).forEach((model, index) => expect(models[index].startsWith(`${model.name}${model.id}`)).toBe(true));
		expect(models[models.length - 1]).toMatch(/^Custom Model ID/);
	});

	test('Reference to Video: Vidu Q2 Pro shows Reference Videos; Vidu Q2 shows Subject Voices once Audio is on', async () => {
		await selectOption(page, 'videoMode', MODE_NAMES.reference);
		await page.locator('[role=option]:visible').first().waitFor({ state: 'hidden' });
		// An option reads as its name and its description (the id) run together.
		await selectOption(page, 'model', 'Vidu Q2 Providuq2_pro_reference');
		await waitForParameter(page, 'Reference Videos', true);
		const pro = await parameterLabels(page);
		expect(pro).toEqual(expect.arrayContaining(['Reference Images', 'Reference Videos', 'Prompt', 'Background Music']));
		expect(pro.filter((label) => ['Duration (Seconds)', 'Resolution', 'Aspect Ratio', 'Audio', 'Subject Voices'].includes(label))).toEqual([]);
		await page.locator('[role=option]:visible').first().waitFor({ state: 'hidden' });
		await selectOption(page, 'model', 'Vidu Q2viduq2_reference2video');
		await waitForParameter(page, 'Reference Videos', false);
		expect(await parameterLabels(page)).not.toContain('Subject Voices');
		await setToggle(page, 'audio', true);
		await waitForParameter(page, 'Subject Voices', true);
		await screenshot(page, 'reference-subject-voices');
	});
});
