namespace ConvLens;

/// <summary>One accepted form of a text syntax (a target, an objective term) and what it means, for help texts and errors.</summary>
/// <param name="Syntax">The form with placeholders in capitals, e.g. <c>channel:LAYER:C</c>.</param>
/// <param name="Description">What the form selects, in one line.</param>
public sealed record SyntaxForm(string Syntax, string Description);
