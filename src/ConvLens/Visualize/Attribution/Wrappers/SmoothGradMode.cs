namespace ConvLens.Visualize.Attribution.Wrappers;

/// <summary>How <see cref="SmoothGrad"/> combines the attributions of the noisy copies.</summary>
public enum SmoothGradMode
{
    /// <summary>Their mean: SmoothGrad (Smilkov et al. 2017, eq. 3).</summary>
    Mean,

    /// <summary>The mean of their squares: SmoothGrad² (Hooker et al., "A Benchmark for Interpretability Methods in Deep Neural Networks", NeurIPS 2019, https://arxiv.org/abs/1806.10758).</summary>
    Squared,

    /// <summary>Their variance: VarGrad (Adebayo et al., "Local Explanation Methods for Deep Neural Networks Lack Sensitivity to Parameter Values", ICLR workshop 2018, https://arxiv.org/abs/1810.03307).</summary>
    Variance,
}
