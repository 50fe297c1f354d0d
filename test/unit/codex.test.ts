/** The node panel's search reads the codex aliases (Vidu.node.json) beside the display name. */
import codex from '../../nodes/Vidu/Vidu.node.json';

describe('the node is found in the nodes panel', () => {
	it.each(['Vidu Q3', 'first last frame', 'text to video', 'reference to video', 'extend video', 'image to video'])('by "%s"', (term) => {
		expect(codex.alias.map((alias) => alias.toLowerCase())).toContain(term.toLowerCase());
	});
});
