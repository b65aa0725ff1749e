// What each rule costs Hyperscan: the scan rate of the whole pack over a sample of real text, then the time saved by
// leaving out one group of rules (a rule file, or single rules). Hyperscan's cost is not additive: a rule that is
// cheap alone can be dear in the pack (no literal to anchor on), so only leaving it out of the pack measures it.
//
//   rule-cost PATTERNS SAMPLE [RUNS]     PATTERNS: lines "group<TAB>rule-id<TAB>-<TAB>expression" (a group of
//                                        "-" is never left out); SAMPLE: any file. Like the engine, an expression
//                                        Hyperscan cannot take as it is goes in prefilter mode.
// Prints "pack <rules> <seconds> <MB/s>", then per group "<group> <rules> <seconds> <MB/s> <seconds saved>".
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_RULES = 4096, BLOCK = 64 * 1024 };

struct rule { char *group, *id, *expression; unsigned flags; };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *context) {
    (void)id; (void)from; (void)to; (void)flags; (void)context;
    return 0;
}

// Best of `runs` scans of `data` in 64 KiB blocks (about a source file each) with the rules whose group is not
// `skip`; -1 when the set does not compile.
static double measure(struct rule *rules, int count, const char *skip, const char *data, long size, int runs, int *used) {
    const char **expressions = calloc(count, sizeof *expressions);
    unsigned *flags = calloc(count, sizeof *flags), *ids = calloc(count, sizeof *ids);
    int n = 0;
    for (int i = 0; i < count; i++) {
        if (skip && strcmp(rules[i].group, skip) == 0) continue;
        expressions[n] = rules[i].expression;
        flags[n] = rules[i].flags;
        ids[n] = i;
        n++;
    }
    *used = n;
    hs_database_t *database = NULL;
    hs_compile_error_t *error = NULL;
    double best = -1;
    if (n > 0 && hs_compile_multi(expressions, flags, ids, n, HS_MODE_BLOCK, NULL, &database, &error) == HS_SUCCESS) {
        hs_scratch_t *scratch = NULL;
        hs_alloc_scratch(database, &scratch);
        for (int run = 0; run < runs; run++) {
            double start = now();
            for (long offset = 0; offset < size; offset += BLOCK) {
                long length = size - offset < BLOCK ? size - offset : BLOCK;
                hs_scan(database, data + offset, (unsigned)length, 0, scratch, on_match, NULL);
            }
            double elapsed = now() - start;
            if (best < 0 || elapsed < best) best = elapsed;
        }
        hs_free_scratch(scratch);
        hs_free_database(database);
    } else if (error) {
        fprintf(stderr, "rule-cost: %s: %s\n", skip ? skip : "pack", error->message);
        hs_free_compile_error(error);
    }
    free(expressions); free(flags); free(ids);
    return best;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: rule-cost PATTERNS SAMPLE [RUNS]\n");
        return 2;
    }
    int runs = argc > 3 ? atoi(argv[3]) : 5;
    FILE *list = fopen(argv[1], "r");
    if (!list) { perror(argv[1]); return 2; }
    static struct rule rules[MAX_RULES];
    int count = 0;
    char *line = NULL;
    size_t capacity = 0;
    while (getline(&line, &capacity, list) > 0 && count < MAX_RULES) {
        line[strcspn(line, "\n")] = 0;
        char *fields[4];
        char *cursor = line;
        int i = 0;
        for (; i < 3 && cursor; i++) {
            fields[i] = cursor;
            cursor = strchr(cursor, '\t');
            if (cursor) *cursor++ = 0;
        }
        if (i < 3 || !cursor) continue;
        fields[3] = cursor;
        rules[count].group = strdup(fields[0]);
        rules[count].id = strdup(fields[1]);
        rules[count].expression = strdup(fields[3]);
        rules[count].flags = HS_FLAG_MULTILINE;
        hs_expr_info_t *info = NULL;
        hs_compile_error_t *error = NULL;
        if (hs_expression_info(rules[count].expression, rules[count].flags, &info, &error) == HS_SUCCESS) {
            free(info);
        } else {
            hs_free_compile_error(error);
            rules[count].flags |= HS_FLAG_PREFILTER;
        }
        count++;
    }
    fclose(list);
    FILE *sample = fopen(argv[2], "rb");
    if (!sample) { perror(argv[2]); return 2; }
    fseek(sample, 0, SEEK_END);
    long size = ftell(sample);
    fseek(sample, 0, SEEK_SET);
    char *data = malloc(size ? size : 1);
    if (fread(data, 1, size, sample) != (size_t)size) { perror(argv[2]); return 2; }
    fclose(sample);

    int used;
    double pack = measure(rules, count, NULL, data, size, runs, &used);
    if (pack <= 0) return 1;
    printf("pack\t%d\t%.4f\t%.0f\n", used, pack, size / pack / 1e6);
    fflush(stdout);
    for (int i = 0; i < count; i++) {
        int seen = strcmp(rules[i].group, "-") == 0;
        for (int j = 0; j < i && !seen; j++) seen = strcmp(rules[j].group, rules[i].group) == 0;
        if (seen) continue;
        double without = measure(rules, count, rules[i].group, data, size, runs, &used);
        if (without > 0) printf("%s\t%d\t%.4f\t%.0f\t%.4f\n", rules[i].group, used, without, size / without / 1e6, pack - without);
        fflush(stdout);
    }
    return 0;
}
