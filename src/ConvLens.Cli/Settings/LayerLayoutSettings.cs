using System.ComponentModel;
using ConvLens.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of commands that read layers as grids: how token layers ([N,1+H*W,C], [N,H,W,C]) are laid out.</summary>
public class LayerLayoutSettings : ModelSettings
{
    [CommandOption("--tokens <GRID>")]
    [Description("Read the layer as tokens on a grid: HxW[[:skip=K]] (K leading tokens such as a class token are dropped), e.g. 14x14:skip=1. Default: inferred from the token count and the input size.")]
    public string? Tokens { get; init; }

    [CommandOption("--layout <LAYOUT>")]
    [Description("How the layer holds channels: auto (default), nchw, nhwc (Swin, ConvNeXt blocks) or tokens ([[N,K+H*W,C]], ViT).")]
    [DefaultValue("auto")]
    public string Layout { get; init; } = "auto";

    /// <summary>The layout the options give, or null to infer it.</summary>
    public TokenLayout? TokenLayout =>
        Tokens is not null ? Models.TokenLayout.Parse(Tokens)
        : Models.TokenLayout.Parse(Layout) is { Kind: not LayerLayoutKind.Auto } l ? l : null;

    public override ValidationResult Validate() =>
        Tokens is not null && !Layout.Equals("auto", StringComparison.OrdinalIgnoreCase) && !Layout.Equals("tokens", StringComparison.OrdinalIgnoreCase)
            ? ValidationResult.Error($"--tokens reads a layer as tokens, which contradicts --layout {Layout}; give one of them")
            : OptionValidation.FirstError(
                () => OptionValidation.Of("--tokens", () => _ = Tokens is null ? null : Models.TokenLayout.Parse(Tokens)),
                () => OptionValidation.Of("--layout", () => _ = Models.TokenLayout.Parse(Layout) is { Kind: LayerLayoutKind.Tokens, Rows: not null }
                    ? throw new ConvLensException("give a token grid with --tokens HxW, not --layout")
                    : 0),
                () => base.Validate());
}
