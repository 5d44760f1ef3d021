/** The one-way flow of data: workloads and arch feed sim; dse drives sim; reports read results; cli wires. */
const forbid = (name, from, to, comment) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    forbid('arch-is-a-leaf', '^arch/', '^(workloads|sim|dse|reports|cli)/', 'arch/ describes hardware; it depends on nothing else in the project'),
    forbid('workloads-only-use-arch-basics', '^workloads/', '^(sim|dse|reports|cli)/', 'workloads/ feed sim; they never reach into it'),
    forbid('workloads-arch-basics-only', '^workloads/', '^arch/(?!user-error|project-root|quantity|schema-issue|yaml-file|input-file|safe-keys)', 'workloads/ may use only the shared basics of arch/ (errors, paths, units, file reading, safe keys)'),
    forbid('sim-never-reaches-up', '^sim/', '^(dse|reports|cli)/', 'sim/ is driven by dse/ and cli/, never the reverse'),
    forbid('dse-never-reaches-up', '^dse/', '^(reports|cli)/', 'dse/ produces results; reports/ and cli/ consume them'),
    {
      name: 'reports-read-results-only',
      comment: 'reports/ turn results into HTML: they may name result types, but run no model code',
      severity: 'error',
      from: { path: '^reports/' },
      to: { path: '^(sim|dse|workloads|arch)/', pathNot: '^arch/(user-error|project-root)', dependencyTypesNot: ['type-only'] },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules|test)/' },
  },
};
