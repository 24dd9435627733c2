namespace VmmAssess.Core.Rules;

/// <summary>Shared gate of the highly available VMM rules.</summary>
internal static class HaGate
{
    public static RuleOutcome? NotHighlyAvailable(RuleContext context) => context.HighlyAvailable switch
    {
        null => RuleOutcome.Unknown("The snapshot does not say whether VMM is highly available."),
        false => RuleOutcome.NotApplicable("VMM is not highly available."),
        true => null,
    };

    /// <summary>Each library server judged with the VMM cluster's name (null when the snapshot lacks it), behind the HA gate.</summary>
    public static RuleOutcome CheckLibraries(RuleContext context, Func<Snapshots.LibraryServer, string?, ItemChecks.Verdict> judge, string passMessage, Func<int, string> failMessage) =>
        NotHighlyAvailable(context) ?? ItemChecks.Check(
            context.Snapshot.LibraryServers,
            "library servers",
            _ => true,
            library => judge(library, context.Snapshot.Cluster?.Name),
            "The snapshot lists no library server.",
            passMessage,
            failMessage);
}
