import { registryCorpus } from '../support/registry-corpus';
import { REGISTRY_SEED } from '../support/registry-study';

/**
 * `node -r ./bench/support/register.js bench/tools/registry-corpus.ts [studies]`: writes the registry suite's
 * corpus into its cache ahead of a run (it takes minutes at full size), or says where the cached one is.
 */
const studies = Number(process.argv[2] ?? 540_000);
registryCorpus(studies, REGISTRY_SEED, console.log).then(
  (c) =>
    console.log(
      `${c.path}: ${c.studies.toLocaleString('en-US')} studies, ${(c.bytes / 2 ** 20).toFixed(0)} MiB${c.fresh ? '' : ' (cached)'}`,
    ),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
