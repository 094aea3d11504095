/*
 * fuzz/model.c — the model builder (parser/model.c, and through it the SAM
 * and Serverless normalisers) and every rule's check, on arbitrary trees.
 *
 * The input is read like any file (document_read: JSON or YAML). When the
 * read is complete, the model is built as each DocKind in turn — whatever
 * model_classify() would say — and all checks run on it, note rules and the
 * suppression filter included. Then the input goes through lint_buffer()
 * once more, the pipeline as the command line runs it. The file "is" in
 * the sandbox (fuzz.h), so ${file(...)} reads only the sandbox's files.
 * The declarative rules of fixtures/declarative and examples/rules are
 * loaded, so the rule language runs on every model as well.
 */
#include "fuzz.h"

#include "../src/engine.h"

static char path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(path, sizeof path, "%s/template.yaml", fuzz_sandbox());
    /* declarative rules too (run from the repository root, as make and
     * tests/fuzz.sh do): the built-ins written as rules, and the examples */
    static const char *const dirs[] = {"fixtures/declarative", "examples/rules"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        struct stat st;
        if (stat(dirs[i], &st) == 0 && rulelang_load_dir(dirs[i]) != 0)
            FUZZ_FAIL("the rules in %s do not load", dirs[i]);
    }
    return 0;
}

static void model_invariants(const Model *m)
{
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        if (!r->id || !r->type)
            FUZZ_FAIL("resource %zu without id or type", i);
        const Resource *found = model_resource(m, r->id);
        if (!found || strcmp(found->id, r->id) != 0)
            FUZZ_FAIL("model_resource(\"%s\") does not find it", r->id);
    }
    for (size_t i = 0; i < m->nrefs; i++)
        if (!m->refs[i].target || !m->refs[i].at)
            FUZZ_FAIL("reference %zu without target or node", i);
    for (size_t i = 0; i < m->npolicies; i++)
        for (size_t j = 0; j < m->policies[i].nstmts; j++)
            if (m->policies[i].stmts[j].doc != &m->policies[i])
                FUZZ_FAIL("statement %zu of policy %zu points at another document", j, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    if (size)
        memcpy(text, data, size);
    fuzz_open_mode = FUZZ_OPEN_ABORT;

    Arena a;
    arena_init(&a);
    Document doc;
    document_read(&a, text, size, &PARSE_LIMITS_DEFAULT, &doc);
    fuzz_check_tree(&doc, size, &PARSE_LIMITS_DEFAULT);
    (void)model_classify(doc.root);
    if (!doc.partial) {
        static const DocKind kinds[] = {KIND_CFN, KIND_IAM_POLICY, KIND_SERVERLESS};
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            Model m;
            model_build_at(&a, &doc, kinds[k], path, &m);
            model_invariants(&m);
            fuzz_run_checks(&a, &doc, &m, path);
        }
    }
    arena_free(&a);

    FileResult r;
    lint_buffer(&LINT_OPTIONS_DEFAULT, path, text, size, &r);
    for (size_t i = 0; i < r.findings.len; i++) {
        const Finding *f = &r.findings.items[i];
        if (f->begin.line < 1 || f->finish.line < f->begin.line)
            FUZZ_FAIL("finding %s at lines %u..%u", f->rule->id, f->begin.line, f->finish.line);
    }
    file_result_free(&r);

    fuzz_open_mode = FUZZ_OPEN_ALLOW;
    free(text);
    return 0;
}
