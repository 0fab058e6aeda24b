// Types every operation in src/**/*.graphql against the server's checked-in SDL, so a schema
// change that breaks the client fails `npm run build`.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      // persisted-documents.json: every operation under the SHA-256 of its printed text, the
      // trusted documents the server compiles in (scripts/embed.mjs writes dist/documents.json);
      // each document carries its hash (`__meta__.hash`), which the client sends as documentId.
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { Decimal: 'string', DateTime: 'string', NaiveDate: 'string', JSON: 'unknown' },
      },
    },
  },
};
export default config;
