namespace ConvLens.Visualize.Statistics;

/// <summary>The full mergeable state of a <see cref="UnitExemplars"/>: the lists themselves, for shard parts and the atlas.</summary>
internal sealed record UnitExemplarsState(int Count, IReadOnlyList<ChannelExemplars> Channels);
