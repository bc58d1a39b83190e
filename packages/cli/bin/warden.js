#!/usr/bin/env node
// The `warden` executable. A committed file rather than dist/main.js itself, so that npm can link
// the bin during `npm ci`, before the prepare script has built dist/.
import '../dist/main.js';
