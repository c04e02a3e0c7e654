// Tests here seed libtorch's one global generator (torch.manual_seed) and then initialise networks, and every
// network construction draws from that generator; run in parallel, one test's draws would shift another's.
// libtorch already uses every core inside each operation, so running the tests one at a time costs little.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
