/*
 * fuzz/vars.c — the Serverless Framework variable resolver (parser/vars.c:
 * ${self:...}, ${opt:...}, ${env:...}, ${file(...)} with fallbacks) and the
 * serverless.yml normaliser behind it.
 *
 * The input is a serverless.yml in the sandbox folder (fuzz.h), which holds
 * files to include: nested ${file()} references, a file that includes
 * itself, a broken one, a wrong extension, and a link that leads out of the
 * folder. The resolver may open only files inside it: any other open()
 * aborts the run. The resolved tree must keep node.h's promises (spans in
 * the text: included content takes the span of its reference), and the
 * model with every check (SLS001, the variable cycle rule, among them) runs.
 */
#include "fuzz.h"

#include "../parser/normalize.h"

static char path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(path, sizeof path, "%s/serverless.yml", fuzz_sandbox());
    return 0;
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
    if (!doc.partial && doc.root) {
        PtrVec cycles = {0};
        ParseIssue *limits = NULL;
        Node *resolved = sls_resolve_vars(&a, doc.root, path, &PARSE_LIMITS_DEFAULT, &cycles, &limits);
        for (const ParseIssue *i = limits; i; i = i->next)
            if (i->span.start > i->span.end || i->span.end > size || !i->message)
                FUZZ_FAIL("a variable limit issue at %u..%u outside the text", i->span.start,
                          i->span.end);
        if (resolved) {
            Document rd = doc;
            rd.root = resolved;
            fuzz_check_tree(&rd, size, &PARSE_LIMITS_DEFAULT);
        }
        for (size_t i = 0; i < cycles.len; i++) {
            const Node *n = cycles.items[i];
            if (!n || n->span.end > size)
                FUZZ_FAIL("cycle %zu without a node in the text", i);
        }
        Model m;
        model_build_at(&a, &doc, KIND_SERVERLESS, path, &m);
        fuzz_run_checks(&a, &doc, &m, path);
    }
    arena_free(&a);

    fuzz_open_mode = FUZZ_OPEN_ALLOW;
    free(text);
    return 0;
}
