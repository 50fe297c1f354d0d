import type {
	BinaryHelperFunctions,
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	INode,
	Logger,
	RequestHelperFunctions,
} from 'n8n-workflow';

/**
 * What the node's API calls use of n8n's function context. The Vidu node's items (IExecuteSingleFunctions)
 * and the Vidu Trigger's webhook (IWebhookFunctions) both fit: a webhook has no item and no cancel signal.
 */
export interface ViduContext {
	getNode(): INode;
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string, itemIndex?: number): Promise<T>;
	logger: Logger;
	helpers: Pick<RequestHelperFunctions, 'httpRequest' | 'httpRequestWithAuthentication'> &
		Pick<BinaryHelperFunctions, 'prepareBinaryData'>;
	getItemIndex?(): number;
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

export const itemIndexOf = (context: ViduContext): number | undefined => context.getItemIndex?.();

export const cancelSignalOf = (context: ViduContext): AbortSignal | undefined =>
	context.getExecutionCancelSignal?.();

/**
 * The request n8n's routing built for an item: requestDefaults, the operation's `request`, the
 * parameters' `send`, and the user's Request Options (timeout, proxy, Ignore SSL Issues).
 */
export type RoutedRequest = DeclarativeRestApiSettings.HttpRequestOptions;
