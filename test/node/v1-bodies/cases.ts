/**
 * Parameter sets of workflows saved with version 1 of the node (the shipped examples' Vidu nodes and
 * today's parameters in their combinations). Their request bodies were recorded before the family
 * (version 2) was added, in recorded.json; the test asserts that version 1 still sends them byte for byte.
 */
import type { IDataObject } from 'n8n-workflow';

export interface V1Case {
	name: string;
	parameters: IDataObject;
	/** The input item's binary field, when the case needs another than `data`. */
	binaryProperty?: string;
}

const PNG_BASE64_NOTE = 'the 64×48 test PNG';

export const v1Cases: V1Case[] = [
	{ name: 'defaults (create)', parameters: { operation: 'create' } },
	{ name: 'defaults (create and wait)', parameters: { operation: 'createAndWait' } },
	{
		name: 'examples/image-to-video.json',
		parameters: {
			operation: 'createAndWait',
			imageSource: 'binary',
			binaryPropertyName: 'data',
			prompt: 'The camera slowly pushes in while soft light drifts across the scene',
			duration: 5,
			resolution: '720p',
			movementAmplitude: 'auto',
			downloadVideo: true,
			binaryPropertyOutput: 'data',
		},
	},
	{
		name: 'examples/create-then-status.json and one-item-wait.json (callback by expression)',
		parameters: {
			operation: 'create',
			imageSource: 'binary',
			binaryPropertyName: 'data',
			prompt: 'The camera slowly pushes in while soft light drifts across the scene',
			duration: 5,
			resolution: '720p',
			movementAmplitude: 'auto',
			additionalOptions: { callbackUrl: '={{ "https://n8n.example.com/webhook-waiting/42" }}' },
		},
	},
	{
		name: 'examples/batch-by-callback-create.json',
		parameters: {
			operation: 'create',
			imageSource: 'url',
			imageUrl: '={{ "https://example.com/" + "a.png" }}',
			prompt: 'The camera slowly pushes in while soft light drifts across the scene',
			duration: 5,
			resolution: '720p',
			movementAmplitude: 'auto',
			additionalOptions: {
				callbackUrl: 'http://localhost:5678/webhook/6c3b8f1e-2d47-4a0b-9e15-7a2f4d9c0b11/callback',
				payload: '={{ "a.png" }}',
			},
		},
	},
	{
		name: 'every parameter set',
		parameters: {
			operation: 'create',
			prompt: 'a red fox runs "fast" — über',
			duration: 8,
			resolution: '1080p',
			movementAmplitude: 'large',
			audio: true,
			voiceId: 'voice_7',
			watermark: true,
			wmPosition: 1,
			wmUrl: 'https://example.com/logo.png',
			additionalOptions: {
				bgm: true,
				callbackUrl: 'https://example.com/hook',
				payload: 'order-42',
				seed: 1234,
				isRec: true,
				maxTasksInFlight: 3,
			},
		},
	},
	{
		name: 'switched-off fields and empty texts are left out',
		parameters: {
			operation: 'create',
			prompt: '',
			audio: false,
			voiceId: 'voice_7',
			watermark: false,
			wmPosition: 2,
			wmUrl: 'https://example.com/logo.png',
			additionalOptions: { seed: 0, payload: '', bgm: false, isRec: false, offPeak: false },
		},
	},
	{ name: 'off-peak', parameters: { operation: 'create', additionalOptions: { offPeak: true } } },
	{ name: 'numbers as text from expressions', parameters: { operation: 'create', duration: '={{ "7" }}', additionalOptions: { seed: '={{ "99" }}' } } },
	{ name: 'watermark with its default position', parameters: { operation: 'create', watermark: true } },
	{ name: 'image URL', parameters: { operation: 'create', imageSource: 'url', imageUrl: 'https://example.com/frame.png' } },
	{ name: `raw base64 (${PNG_BASE64_NOTE})`, parameters: { operation: 'create', imageSource: 'base64', imageBase64: '<png>' } },
	{ name: 'data URL declaring another type', parameters: { operation: 'create', imageSource: 'base64', imageBase64: 'data:image/jpeg;base64,<png>' } },
	{ name: 'another binary field', parameters: { operation: 'create', binaryPropertyName: 'picture' }, binaryProperty: 'picture' },
];
