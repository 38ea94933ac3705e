using System.Reflection;
using System.Runtime.CompilerServices;
using Mono.Cecil;
using Mono.Cecil.Cil;
using TorchSharp;

namespace ConvLens.Tests.Engine;

/// <summary>The build step of build/TorchSharpKeepAlive.targets: the TorchSharp this process runs is the woven one, and it is sound.</summary>
public class TorchSharpWeaveTests
{
    private const string MarkerKey = "ConvLens.KeepAliveWeave";

    public static TheoryData<string> WovenAssemblies => new() { "TorchSharp", "TorchVision" };

    [Theory]
    [MemberData(nameof(WovenAssemblies))]
    public void Should_run_the_woven_copy_of_the_assembly(string name)
    {
        var assembly = Loaded(name);

        var marker = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == MarkerKey);

        Assert.NotNull(marker);
        Assert.Equal("1", marker.Value);
        Assert.StartsWith(AppContext.BaseDirectory, assembly.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_keep_this_the_other_tensor_and_the_implicit_alpha_alive_in_Tensor_add()
    {
        // torch.Tensor.add(Tensor) is add(target, 1): the Scalar alpha exists only as an argument of add(Tensor, Scalar).
        var add = Method("TorchSharp", "TorchSharp.torch/Tensor", "add", "TorchSharp.torch/Tensor", "TorchSharp.Scalar");

        var kept = KeptBeforeReturn(add);

        Assert.Contains("this", kept);
        Assert.Contains("target", kept);
        Assert.Contains("alpha", kept);
    }

    [Fact]
    public void Should_keep_the_scalar_of_an_implicit_conversion_alive_where_libtorch_reads_it()
    {
        // x + 1e-5f: the compiler converts the float to a Scalar that only arguments hold, down to add(Scalar, Scalar).
        var add = Method("TorchSharp", "TorchSharp.torch/Tensor", "add", "TorchSharp.Scalar", "TorchSharp.Scalar");

        var kept = KeptBeforeReturn(add);

        Assert.Equal(["alpha", "scalar", "this"], kept.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WovenAssemblies))]
    public void Should_keep_every_reference_argument_alive_in_every_method_that_calls_native_code(string name)
    {
        using var module = ModuleDefinition.ReadModule(Loaded(name).Location);
        var missing = new List<string>();
        var checkedMethods = 0;

        foreach (var method in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody && CallsNative(m)))
        {
            checkedMethods++;
            var kept = KeptBeforeReturn(method);
            missing.AddRange(method.Parameters
                .Where(p => !p.ParameterType.IsValueType && !p.ParameterType.IsByReference && !p.ParameterType.IsGenericParameter && !p.ParameterType.IsPointer)
                .Where(p => !kept.Contains(p.Name))
                .Select(p => $"{method.FullName}: {p.Name}"));
        }

        Assert.True(checkedMethods > (name == "TorchSharp" ? 1000 : 5), $"only {checkedMethods} methods call native code");
        Assert.True(missing.Count == 0, $"{missing.Count} arguments not kept alive, e.g. {string.Join("; ", missing.Take(5))}");
    }

    [Theory]
    [MemberData(nameof(WovenAssemblies))]
    public void Should_compile_every_woven_method(string name)
    {
        // The JIT rejects invalid IL (a broken stack, a bad branch) with InvalidProgramException: compile each method
        // the weave touched, whether or not a test happens to call it.
        var assembly = Loaded(name);
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        var woven = module.GetTypes().SelectMany(t => t.Methods)
            .Where(m => m.HasBody && !m.HasGenericParameters && !m.DeclaringType.HasGenericParameters && !IsInsideGeneric(m.DeclaringType)
                && m.Body.Instructions.Any(IsKeepAlive))
            .ToList();
        var failures = new List<string>();

        foreach (var m in woven)
        {
            var handle = assembly.ManifestModule.ResolveMethod(m.MetadataToken.ToInt32())!.MethodHandle;
            try
            {
                RuntimeHelpers.PrepareMethod(handle);
            }
            catch (Exception e) when (e is InvalidProgramException or BadImageFormatException or TypeLoadException or MissingMethodException)
            {
                failures.Add($"{m.FullName}: {e.GetType().Name}");
            }
        }

        Assert.True(woven.Count > (name == "TorchSharp" ? 1000 : 5), $"only {woven.Count} woven methods found");
        Assert.True(failures.Count == 0, $"{failures.Count} of {woven.Count} woven methods do not compile, e.g. {string.Join("; ", failures.Take(5))}");
    }

    private static Assembly Loaded(string name) => name switch
    {
        "TorchSharp" => typeof(torch).Assembly,
        "TorchVision" => typeof(torchvision).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static MethodDefinition Method(string assembly, string type, string name, params string[] parameterTypes)
    {
        var module = ModuleDefinition.ReadModule(Loaded(assembly).Location);
        return module.GetType(type).Methods.Single(m => m.Name == name
            && m.Parameters.Select(p => p.ParameterType.FullName).SequenceEqual(parameterTypes));
    }

    private static bool CallsNative(MethodDefinition m) => m.Body.Instructions.Any(i =>
        i.Operand is MethodReference r && (i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt)
        && r.DeclaringType.Scope == m.Module && r.Resolve() is { IsPInvokeImpl: true });

    private static bool IsKeepAlive(Instruction i) =>
        i.OpCode == OpCodes.Call && i.Operand is MethodReference r && r.Name == "KeepAlive" && r.DeclaringType.FullName == "System.GC";

    private static bool IsInsideGeneric(TypeDefinition t) => t.DeclaringType is { } outer && (outer.HasGenericParameters || IsInsideGeneric(outer));

    /// <summary>The names (this, arguments) that every return of <paramref name="m"/> passes to GC.KeepAlive just before it.</summary>
    private static HashSet<string> KeptBeforeReturn(MethodDefinition m)
    {
        HashSet<string>? common = null;
        foreach (var ret in m.Body.Instructions.Where(i => i.OpCode == OpCodes.Ret))
        {
            var names = new HashSet<string>();
            for (var i = ret.Previous; i?.Previous is { } load && IsKeepAlive(i); i = load.Previous)
            {
                var name = load.OpCode.Code switch
                {
                    Code.Ldarg_0 when m.HasThis => "this",
                    Code.Ldarg_0 or Code.Ldarg_1 or Code.Ldarg_2 or Code.Ldarg_3 =>
                        m.Parameters[load.OpCode.Code - Code.Ldarg_0 - (m.HasThis ? 1 : 0)].Name,
                    Code.Ldarg or Code.Ldarg_S => ((ParameterDefinition)load.Operand).Name,
                    _ => $"local {load}",
                };
                names.Add(name);
            }

            common = common is null ? names : [.. common.Intersect(names)];
        }

        return common ?? [];
    }
}
