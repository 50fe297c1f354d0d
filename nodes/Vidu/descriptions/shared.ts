import type { IDisplayOptions } from 'n8n-workflow';

export const forOperations = (...operation: string[]): IDisplayOptions => ({ show: { operation } });

export const CREATES = ['create', 'createAndWait'];
