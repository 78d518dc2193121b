// AgendaCore: the primitives every stage of the pipeline shares, each implemented once —
// the one URL type and its canonical form, the classification of addresses a request may reach,
// UK (Europe/London) time, durations, hex. It depends on nothing of ours; every other module may
// import it.
