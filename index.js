// This package is loaded by n8n through the "n8n" section of package.json.
