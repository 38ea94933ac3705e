// Compiled by MSBuild (build/TorchSharpKeepAlive.targets, RoslynCodeTaskFactory) against Mono.Cecil; not part of any project.
using System;
using Microsoft.Build.Framework;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace ConvLens.Build
{
    /// <summary>MSBuild entry point: weaves each of <see cref="Inputs"/> into <see cref="OutputDirectory"/>.</summary>
    public sealed class ConvLensWeaveKeepAlive : Microsoft.Build.Utilities.Task
    {
        [Required]
        public ITaskItem[] Inputs { get; set; } = Array.Empty<ITaskItem>();

        [Required]
        public string OutputDirectory { get; set; } = "";

        public override bool Execute()
        {
            var paths = Inputs.Select(i => i.GetMetadata("FullPath")).ToArray();
            foreach (var input in paths)
            {
                var output = Path.Combine(OutputDirectory, Path.GetFileName(input));
                var r = KeepAliveWeaver.Weave(input, output, paths.Select(Path.GetDirectoryName));
                Log.LogMessage(MessageImportance.Normal, r.AlreadyWoven
                    ? "ConvLens: " + input + " is already woven."
                    : "ConvLens: kept objects alive across native calls in " + r.MethodsWoven + " methods of " + Path.GetFileName(input) + " (" + r.HandleReads + " handle reads, " + r.KeepAlives + " keep-alives) -> " + output);
            }

            return !Log.HasLoggedErrors;
        }
    }

    /// <summary>
    /// Rewrites TorchSharp.dll so that no managed wrapper can be finalized while libtorch still reads its native
    /// object. TorchSharp passes raw handles (IntPtr) of Scalars, Tensors, Generators... to P/Invoke calls and holds
    /// nothing that keeps the wrapper reachable during the call, so a GC triggered by any other thread lets the
    /// finalizer free the native object mid-call (implicit Scalars such as the alpha of Tensor.add(Tensor) are the
    /// common case). In every method that calls native code or reads a handle, the weave keeps alive until each
    /// return: this, every reference-typed argument and local, and the object every handle was read from.
    /// </summary>
    public static class KeepAliveWeaver
    {
        /// <summary>Marker (AssemblyMetadata key) written into a woven assembly; its value is <see cref="Version"/>.</summary>
        public const string MarkerKey = "ConvLens.KeepAliveWeave";

        /// <summary>Bump when the weave changes, so outputs of an older weave are redone.</summary>
        public const string Version = "1";

        public sealed class Result
        {
            public int MethodsWoven;
            public int HandleReads;
            public int KeepAlives;
            public bool AlreadyWoven;
        }

        /// <summary>Weaves <paramref name="inputPath"/> into <paramref name="outputPath"/>; references resolve from <paramref name="searchDirectories"/>.</summary>
        public static Result Weave(string inputPath, string outputPath, IEnumerable<string> searchDirectories)
        {
            var result = new Result();
            var resolver = new DefaultAssemblyResolver();
            foreach (var d in searchDirectories.Append(Path.GetDirectoryName(Path.GetFullPath(inputPath))).Distinct())
            {
                resolver.AddSearchDirectory(d);
            }

            var bytes = File.ReadAllBytes(inputPath);
            using (var input = new MemoryStream(bytes))
            using (var assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver, ReadSymbols = false }))
            {
                var module = assembly.MainModule;
                var marker = assembly.CustomAttributes.FirstOrDefault(a =>
                    a.AttributeType.FullName == "System.Reflection.AssemblyMetadataAttribute"
                    && a.ConstructorArguments.Count == 2
                    && (string)a.ConstructorArguments[0].Value == MarkerKey);
                if (marker != null && (string)marker.ConstructorArguments[1].Value == Version)
                {
                    result.AlreadyWoven = true;
                    WriteAtomically(outputPath, bytes);
                    return result;
                }

                if (marker != null)
                {
                    throw new InvalidOperationException(inputPath + " was woven by another weave version; start from the package's original file.");
                }

                // Referenced through the assembly's own core library (System.Runtime for TorchSharp), never through
                // the framework MSBuild itself runs on.
                var corlib = module.TypeSystem.CoreLibrary;
                var keepAlive = new MethodReference("KeepAlive", module.TypeSystem.Void, new TypeReference("System", "GC", module, corlib));
                keepAlive.Parameters.Add(new ParameterDefinition(module.TypeSystem.Object));
                foreach (var type in module.GetTypes())
                {
                    foreach (var method in type.Methods)
                    {
                        if (method.HasBody && WeaveMethod(method, keepAlive, result))
                        {
                            result.MethodsWoven++;
                        }
                    }
                }

                var metadataCtor = new MethodReference(".ctor", module.TypeSystem.Void, new TypeReference("System.Reflection", "AssemblyMetadataAttribute", module, corlib)) { HasThis = true };
                metadataCtor.Parameters.Add(new ParameterDefinition(module.TypeSystem.String));
                metadataCtor.Parameters.Add(new ParameterDefinition(module.TypeSystem.String));
                var attribute = new CustomAttribute(metadataCtor);
                attribute.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, MarkerKey));
                attribute.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, Version));
                assembly.CustomAttributes.Add(attribute);

                using (var output = new MemoryStream())
                {
                    assembly.Write(output);
                    WriteAtomically(outputPath, output.ToArray());
                }
            }

            return result;
        }

        private static bool WeaveMethod(MethodDefinition method, MethodReference keepAlive, Result result)
        {
            var body = method.Body;
            var module = method.Module;
            var callsNative = false;
            var reads = new List<Instruction>();
            foreach (var ins in body.Instructions)
            {
                if ((ins.OpCode == OpCodes.Call || ins.OpCode == OpCodes.Callvirt) && ins.Operand is MethodReference callee)
                {
                    var resolved = Resolve(callee);
                    if (resolved != null && resolved.IsPInvokeImpl)
                    {
                        callsNative = true;
                    }
                    else if (callee.HasThis && callee.Parameters.Count == 0 && IsIntPtr(callee.ReturnType) && IsClass(callee.DeclaringType) && !ReceiverIsKept(method, ins.Previous))
                    {
                        reads.Add(ins);
                    }
                }
                else if (ins.OpCode == OpCodes.Ldfld && ins.Operand is FieldReference field && IsIntPtr(field.FieldType)
                    && IsClass(field.DeclaringType) && !ReceiverIsKept(method, ins.Previous))
                {
                    reads.Add(ins);
                }
            }

            if (!callsNative && reads.Count == 0)
            {
                return false;
            }

            ExpandShortForms(body);
            var il = body.GetILProcessor();
            foreach (var tail in body.Instructions.Where(i => i.OpCode == OpCodes.Tail).ToList())
            {
                // A tail call cannot be followed by the keep-alives; an ordinary call is the same call.
                tail.OpCode = OpCodes.Nop;
                tail.Operand = null;
            }

            var kept = new List<Func<Instruction>>();
            if (method.HasThis && !method.DeclaringType.IsValueType)
            {
                kept.Add(() => Instruction.Create(OpCodes.Ldarg_0));
            }

            foreach (var p in method.Parameters)
            {
                if (IsKeepableReference(p.ParameterType))
                {
                    var parameter = p;
                    kept.Add(() => Instruction.Create(OpCodes.Ldarg, parameter));
                }
            }

            foreach (var v in body.Variables.ToList())
            {
                if (!v.IsPinned && IsKeepableReference(v.VariableType))
                {
                    var variable = v;
                    kept.Add(() => Instruction.Create(OpCodes.Ldloc, variable));
                }
            }

            foreach (var at in reads)
            {
                // The receiver is on the stack just before the read: keep a copy of it in a fresh local.
                var temp = new VariableDefinition(module.TypeSystem.Object);
                body.Variables.Add(temp);
                var before = at;
                while (before.Previous != null && before.Previous.OpCode.OpCodeType == OpCodeType.Prefix)
                {
                    before = before.Previous;
                }

                InsertBefore(il, body, before, Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Stloc, temp));
                kept.Add(() => Instruction.Create(OpCodes.Ldloc, temp));
                result.HandleReads++;
            }

            // Reading a local of reference type that was never assigned must see null, not stack garbage.
            body.InitLocals = body.InitLocals || body.Variables.Count > 0;

            foreach (var ret in body.Instructions.Where(i => i.OpCode == OpCodes.Ret).ToList())
            {
                // Branches and handler ends that target this ret now land on the first keep-alive, so every path
                // out of the method runs them: the ret instruction itself becomes the first load.
                var first = true;
                var last = ret;
                foreach (var load in kept)
                {
                    var ldx = load();
                    if (first)
                    {
                        ret.OpCode = ldx.OpCode;
                        ret.Operand = ldx.Operand;
                        first = false;
                    }
                    else
                    {
                        il.InsertAfter(last, ldx);
                        last = ldx;
                    }

                    var call = Instruction.Create(OpCodes.Call, keepAlive);
                    il.InsertAfter(last, call);
                    last = call;
                    result.KeepAlives++;
                }

                if (!first)
                {
                    il.InsertAfter(last, Instruction.Create(OpCodes.Ret));
                }
            }

            return true;
        }

        /// <summary>
        /// Inserts <paramref name="inserted"/> before <paramref name="at"/> so that branches and handler bounds that
        /// pointed at <paramref name="at"/> now point at the first inserted instruction (the receiver copy is part of
        /// the read, wherever control enters it from).
        /// </summary>
        private static void InsertBefore(ILProcessor il, MethodBody body, Instruction at, params Instruction[] inserted)
        {
            // Move 'at' forward: its object stays first (every reference to it stays valid) and takes the first
            // inserted instruction's meaning; the original instruction follows the rest.
            var original = Instruction.Create(OpCodes.Nop);
            original.OpCode = at.OpCode;
            original.Operand = at.Operand;
            at.OpCode = inserted[0].OpCode;
            at.Operand = inserted[0].Operand;
            var last = at;
            foreach (var ins in inserted.Skip(1).Append(original))
            {
                il.InsertAfter(last, ins);
                last = ins;
            }
        }

        /// <summary>
        /// Turns short branches into long ones, so inserted code cannot push a target
        /// out of a one-byte offset (what Cecil.Rocks' SimplifyMacros does; Rocks does not load inside MSBuild).
        /// </summary>
        private static void ExpandShortForms(MethodBody body)
        {
            foreach (var ins in body.Instructions)
            {
                var c = ins.OpCode.Code;
                if (ShortForms.TryGetValue(c, out var longForm))
                {
                    ins.OpCode = longForm;
                }
            }
        }

        private static readonly Dictionary<Code, OpCode> ShortForms = new Dictionary<Code, OpCode>
        {
            [Code.Br_S] = OpCodes.Br, [Code.Brfalse_S] = OpCodes.Brfalse, [Code.Brtrue_S] = OpCodes.Brtrue,
            [Code.Beq_S] = OpCodes.Beq, [Code.Bge_S] = OpCodes.Bge, [Code.Bgt_S] = OpCodes.Bgt, [Code.Ble_S] = OpCodes.Ble,
            [Code.Blt_S] = OpCodes.Blt, [Code.Bne_Un_S] = OpCodes.Bne_Un, [Code.Bge_Un_S] = OpCodes.Bge_Un,
            [Code.Bgt_Un_S] = OpCodes.Bgt_Un, [Code.Ble_Un_S] = OpCodes.Ble_Un, [Code.Blt_Un_S] = OpCodes.Blt_Un,
            [Code.Leave_S] = OpCodes.Leave,
        };

        private static bool IsIntPtr(TypeReference t) => t.FullName == "System.IntPtr";

        private static MethodDefinition Resolve(MethodReference m)
        {
            try
            {
                return m.Resolve();
            }
            catch (AssemblyResolutionException)
            {
                // A reference outside the search folders (a framework assembly) cannot be TorchSharp's native code.
                return null;
            }
        }

        private static bool IsClass(TypeReference t)
        {
            try
            {
                var d = t.Resolve();
                return d != null && !d.IsValueType;
            }
            catch (AssemblyResolutionException)
            {
                return false;
            }
        }

        /// <summary>True for a type whose values are object references (a class, interface, array or delegate).</summary>
        /// <remarks>
        /// Argument and local types come from signatures, which encode class versus value type, so this needs no
        /// resolution (TorchVision references SkiaSharp, which the weave does not have at hand).
        /// </remarks>
        private static bool IsKeepableReference(TypeReference t)
        {
            if (t.IsByReference || t.IsPointer || t.IsFunctionPointer || t.IsGenericParameter || t.IsPinned || t.IsRequiredModifier || t.IsOptionalModifier || t.IsPrimitive)
            {
                return false;
            }

            if (t.IsArray)
            {
                return true;
            }

            return t.FullName != "System.Void" && !(t is TypeDefinition d ? d.IsValueType : t.IsValueType);
        }

        /// <summary>
        /// True when the receiver was pushed straight from this or from an argument of reference type that the method
        /// never reassigns: the weave keeps those alive anyway, so the read needs no copy of its own. (A local may
        /// hold another object by the time the method returns, so a read through a local always gets its copy.)
        /// </summary>
        private static bool ReceiverIsKept(MethodDefinition method, Instruction previous)
        {
            if (previous == null)
            {
                return false;
            }

            ParameterDefinition p;
            var code = previous.OpCode.Code;
            if (code >= Code.Ldarg_0 && code <= Code.Ldarg_3)
            {
                var index = code - Code.Ldarg_0;
                if (method.HasThis && index == 0)
                {
                    return !method.DeclaringType.IsValueType;
                }

                p = method.Parameters[index - (method.HasThis ? 1 : 0)];
            }
            else if (code == Code.Ldarg || code == Code.Ldarg_S)
            {
                p = (ParameterDefinition)previous.Operand;
                if (p == method.Body.ThisParameter)
                {
                    return !method.DeclaringType.IsValueType;
                }
            }
            else
            {
                return false;
            }

            return IsKeepableReference(p.ParameterType) && !method.Body.Instructions.Any(i =>
                (i.OpCode.Code == Code.Starg || i.OpCode.Code == Code.Starg_S || i.OpCode.Code == Code.Ldarga || i.OpCode.Code == Code.Ldarga_S)
                && i.Operand == p);
        }

        private static void WriteAtomically(string path, byte[] bytes)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)));
            var temp = path + ".tmp";
            File.WriteAllBytes(temp, bytes);
            // Compiled against netstandard2.0 by the task factory: no File.Move(..., overwrite).
            if (File.Exists(path))
            {
                File.Replace(temp, path, null);
            }
            else
            {
                File.Move(temp, path);
            }
        }
    }
}
