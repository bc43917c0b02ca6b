/**
 * The Central client and its token sources, bundled apart (see esbuild.js) and loaded by CentralAccess on the
 * first request, which comes after activation: activation does not parse the HTTP client, the schemas and
 * their validator.
 */
export { createTokenSource } from '../../core/auth';
export { CentralClient } from '../../core/client';
