using System.Collections;
using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Support;

/// <summary>Counts forward hooks left on a module tree (reflection on TorchSharp's private hook tables; tests only).</summary>
internal static class HookInspector
{
    public static int ForwardHookCount(nn.Module root)
    {
        var total = 0;
        var found = false;
        foreach (var (_, module) in root.named_modules())
        {
            for (var type = module.GetType(); type is not null; type = type.BaseType)
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.Name.Contains("hook", StringComparison.OrdinalIgnoreCase) && field.GetValue(module) is ICollection c)
                    {
                        found = true;
                        total += c.Count;
                    }
                }
            }
        }

        Assert.True(found, "no hook table found on TorchSharp modules; update HookInspector");
        return total;
    }
}
