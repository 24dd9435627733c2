// Preloaded into Azurite (node --require) by the local backend: Azurite exits when the backend that started it goes
// away, even when that process was killed without a chance to stop it. Our stdin is a pipe from the backend; the
// pipe's end closes when the backend's process ends, whatever ended it.
'use strict';
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
