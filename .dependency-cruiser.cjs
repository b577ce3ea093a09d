// Imports flow one way, toward src/model:
//   cli → renewals → plan, audit, graph, pulumi → requests → edit → rules → load, git → model
// and src/output (the escapers) imports nothing of ours, so any layer may use it.
// A lower layer that imports a higher one would let, say, the loader depend on policy rules, and the
// pure core on the command line. `npm run lint` and .ci/run fail on any import that breaks this.

/** Layers from the bottom up; a layer may import its own folder and those listed before it. */
const layers = [
  ["model", "output"],
  ["load", "git"],
  ["rules"],
  ["edit"],
  ["requests"],
  ["plan", "audit", "graph", "pulumi"],
  ["renewals"],
  ["cli"],
];

const folders = (names) => `^src/(${names.join("|")})/`;

/** For each layer, the layers above it are off limits. */
const upward = layers.slice(0, -1).map((layer, i) => ({
  name: `no-upward-from-${layer.join("-")}`,
  comment: `src/${layer.join(", src/")} may not import ${layers.slice(i + 1).flat().map((f) => `src/${f}`).join(", ")}: imports flow toward src/model.`,
  severity: "error",
  from: { path: folders(layer) },
  to: { path: folders(layers.slice(i + 1).flat()) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "load-not-git",
      comment: "The loader reads through the FileSource interface; the Git reader implements it, not the other way round.",
      severity: "error",
      from: { path: "^src/load/" },
      to: { path: "^src/git/" },
    },
    {
      name: "model-is-the-bottom",
      comment: "src/model is pure data and helpers on it: it imports no other folder of ours but the escapers, which stand alone.",
      severity: "error",
      from: { path: "^src/model/" },
      to: { path: "^src/", pathNot: "^src/(model|output)/" },
    },
    {
      name: "output-stands-alone",
      comment: "The escapers are used by every renderer and import nothing of ours, so no layer's change can weaken them.",
      severity: "error",
      from: { path: "^src/output/" },
      to: { path: "^src/", pathNot: "^src/output/" },
    },
    {
      name: "no-circular",
      comment: "A cycle hides which module depends on which, and breaks the one-way flow.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "src-not-test",
      comment: "Production code never depends on tests or their helpers.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^test/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js", ".json"] },
  },
};
