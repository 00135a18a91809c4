import { startSandbox } from './sandbox';

// Starts one sandbox for the run; the returned function stops it at the end,
// also when tests fail.
export default async function globalSetup() {
  const sandbox = await startSandbox();
  process.env.SANDBOX_API = sandbox.api;
  process.env.SANDBOX_SITE = sandbox.site;
  process.env.SANDBOX_PORTAL = sandbox.portal;
  return async () => {
    await sandbox.stop();
  };
}
