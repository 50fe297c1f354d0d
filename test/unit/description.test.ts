import type { INode, INodeProperties, INodeTypes } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { Vidu } from '../../nodes/Vidu/Vidu.node';

const { description } = new Vidu();

/** The canvas subtitle as n8n resolves it for a node with these parameters. */
function subtitleFor(operation: string): unknown {
	const node: INode = {
		id: '1',
		name: 'Vidu',
		type: 'vidu',
		typeVersion: 1,
		position: [0, 0],
		parameters: { operation },
	};
	const nodeTypes = {
		getByName: () => new Vidu(),
		getByNameAndVersion: () => new Vidu(),
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {});
}

describe('the node in the editor', () => {
	it.each([
		['create', 'Create'],
		['createAndWait', 'Create and Wait'],
		['getStatus', 'Get Status'],
	])('the canvas subtitle of %s is the words "%s"', (operation, words) => {
		expect(subtitleFor(operation)).toBe(words);
	});

	it('puts the optional collections last, for every operation', () => {
		for (const [operation, typeVersion] of ['create', 'createAndWait', 'getStatus'].flatMap((op) => [[op, 1], [op, 2]] as const)) {
			const values = { operation, videoMode: 'image', model: 'viduq2_turbo_img2video', audio: true, watermark: true, downloadVideo: true };
			const node = { typeVersion } as INode;
			const shown = description.properties.filter((property: INodeProperties) =>
				NodeHelpers.displayParameter(values, property, node, description),
			);
			const firstCollection = shown.findIndex((property) => property.type === 'collection');
			if (firstCollection === -1) continue;
			expect(shown.slice(firstCollection).every((property) => property.type === 'collection')).toBe(true);
		}
	});
});
