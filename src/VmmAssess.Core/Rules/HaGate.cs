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
}
