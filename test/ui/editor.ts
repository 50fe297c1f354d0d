/*
 * The n8n editor as a user sees it: Debian's Chromium through playwright-core (no browser download).
 * Selectors are n8n's own data-test-id attributes (checked on n8n 2.41).
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { REPO_DIR } from './liveN8n';

export const OWNER = {
	email: process.env.N8N_OWNER_EMAIL || 'owner@example.com',
	password: process.env.N8N_OWNER_PASSWORD || 'ViduDemo1234',
};
export const SHOTS_DIR = process.env.VIDU_UI_SCREENSHOTS || path.join(REPO_DIR, '.n8n-runs', 'ui-screenshots');
export const id = (testId: string) => `[data-test-id="${testId}"]`;

export async function launch(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		// The machine has no internet: without these, Chromium keeps trying to reach Google's services.
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

export async function signIn(browser: Browser, baseUrl: string): Promise<Page> {
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	// Generous: on a busy 2-core machine the editor's first load alone can take half a minute.
	page.setDefaultTimeout(Number(process.env.VIDU_UI_TIMEOUT_MS || 60_000));
	page.setDefaultNavigationTimeout(120_000);
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
	await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
	await page.fill('input[name=password]', OWNER.password);
	await page.click(id('form-submit-button'));
	await page.waitForURL((u) => !u.pathname.includes('signin'));
	return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
	fs.mkdirSync(SHOTS_DIR, { recursive: true });
	await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
}

export async function openWorkflow(page: Page, baseUrl: string, name: string): Promise<void> {
	await page.goto(`${baseUrl}/home/workflows`);
	await page.click(`${id('workflow-card-name')}:has-text(${JSON.stringify(name)})`);
	await page.waitForSelector(id('canvas-node'));
}

/**
 * Opens the nodes panel (the canvas' + button, or `opener` such as the + on a node's output),
 * types `query`, returns the names listed.
 */
export async function searchNodes(page: Page, query: string, opener = id('node-creator-plus-button')): Promise<string[]> {
	await page.locator(opener).first().click({ force: true });
	await page.locator(id('node-creator-search-bar')).fill(query);
	await page.waitForTimeout(700); // the list filters as the user types
	return page.locator(id('node-creator-item-name')).allTextContents().then((names) => names.map((n) => n.trim()));
}

/** Names of the parameters the open node shows (their labels), in form order. */
export async function parameterLabels(page: Page): Promise<string[]> {
	const labels = await page.locator(`${id('node-parameters')} ${id('parameter-item')} label`).allTextContents();
	// A label also holds the hover-only Fixed / Expression switch.
	return labels.map((l) => l.replace(/\s+/g, ' ').replace(/ ?Fixed ?Expression.*$/, '').trim()).filter(Boolean);
}

/** Waits until the open node shows (or no longer shows) the parameter labelled `label`. */
export async function waitForParameter(page: Page, label: string, shown: boolean): Promise<void> {
	await expectPoll(() => parameterLabels(page).then((labels) => labels.includes(label) === shown), `"${label}" ${shown ? 'shown' : 'hidden'}`);
}

async function expectPoll(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

export async function setToggle(page: Page, name: string, on: boolean): Promise<void> {
	const toggle = page.locator(`${id(`parameter-input-${name}`)} .el-switch`);
	const checked = (await toggle.locator('input[role=switch]').getAttribute('aria-checked')) === 'true';
	if (checked !== on) await toggle.click();
}

/** The options of a dropdown parameter, as listed (name and description run together). */
export async function listOptions(page: Page, name: string): Promise<string[]> {
	await page.click(`${id(`parameter-input-${name}`)} input`);
	const options = page.locator('[role=option]:visible');
	await options.first().waitFor();
	const texts = (await options.allTextContents()).map((t) => t.trim());
	await page.keyboard.press('Escape');
	return texts;
}

export async function selectOption(page: Page, name: string, option: string): Promise<void> {
	await page.click(`${id(`parameter-input-${name}`)} input`);
	await page.locator('[role=option]:visible').filter({ hasText: new RegExp(`^${option}`) }).first().click();
}
