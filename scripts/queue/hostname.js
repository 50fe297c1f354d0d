'use strict';
/*
 * Preloaded into each n8n process of the queue cluster (NODE_OPTIONS=--require): gives the process
 * the hostname in N8N_VIDU_QUEUE_HOSTNAME, as its own container would. In a container n8n names an
 * instance `<type>-<hostname>` (InstanceSettings.hostId); two workers in one container would share
 * that id, and n8n's pub/sub ignores messages whose sender id is its own.
 */
const os = require('os');

const name = process.env.N8N_VIDU_QUEUE_HOSTNAME;
if (name) os.hostname = () => name;
