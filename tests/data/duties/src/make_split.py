"""Groups the labelled statements of statements.txt into postings (by the mix of a PM, PO,
TPM, mixed or specialist ad) and splits them once, by posting, into ../dev.tsv and
../test.tsv. Run once before tuning; kept to document how the split was made."""
import random

random.seed(20)
pools = {}
lab = None
for l in open('statements.txt'):
    l = l.rstrip('\n')
    if l.startswith('# '):
        lab = l[2:]
        continue
    if l:
        pools.setdefault(lab, []).append(l)
for k in pools:
    random.shuffle(pools[k])
kinds = {'PM': {'S': 3, 'N': 2, 'T': 0, 'M': 0}, 'PO': {'T': 4, 'N': 1, 'S': 0, 'M': 0},
         'TPM': {'T': 2, 'S': 1, 'N': 2, 'M': 1}, 'MIX': {'S': 2, 'T': 2, 'M': 1, 'N': 1},
         'SPEC': {'N': 4, 'T': 1, 'S': 0, 'M': 0}}
postings = []
n = 0
order = ['PM', 'PO', 'TPM', 'MIX', 'SPEC']
while any(pools.values()):
    k = order[n % len(order)]
    n += 1
    st = []
    for lab, c in kinds[k].items():
        for _ in range(c):
            if pools[lab]:
                st.append((lab, pools[lab].pop()))
    if not st:
        for lab in pools:
            while pools[lab] and len(st) < 6:
                st.append((lab, pools[lab].pop()))
    random.shuffle(st)
    if st:
        postings.append((f"p{len(postings)+1:03d}", k, st))
random.shuffle(postings)
cut = int(len(postings) * 0.55)
for name, part in [('dev', postings[:cut]), ('test', postings[cut:])]:
    with open(f'../{name}.tsv', 'w') as f:
        f.write(f"# {name}: label<TAB>statement; a `# posting` line starts each posting (the unit of the split).\n"
                "# Labels: S strategic (PM), T tactical (PO), M mixed (both), N neither; see GUIDE.md.\n")
        for pid, k, st in part:
            f.write(f"\n# posting {pid} ({k})\n")
            for lab, s in st:
                f.write(f"{lab}\t{s}\n")
