#!/usr/bin/python3
"""The PyTorch peer of `ConvLens.Benchmarks alternating` (docs/performance.md, "One table").

Runs the same ONNX file (the built-in resnet18-featurizer's ResNet18.onnx) in Debian's PyTorch 1.13 through a small
interpreter of the ops that file uses, with frozen weights and 2 threads as ConvLens runs, and times forward
(no_grad) and forward + backward to the input at batch 1 and 8, round-robin: each contender gets one untimed call,
then one timed call, per round. Prints medians in milliseconds.

Not a CI dependency: `apt-get install -y python3-torch python3-onnx`, then
  /usr/bin/python3 tools/pytorch_peer.py src/ConvLens.Cli/bin/Release/net10.0/DnnImageModels/ResNet18Onnx/ResNet18.onnx 10

With --serve it times one call per line read from stdin ("forward 8", "forward+backward 1") and answers with the
milliseconds: `ConvLens.Benchmarks peer` drives it call by call against ConvLens, so that both see the same machine.
"""
import statistics
import sys
import time

import onnx
import onnx.numpy_helper
import torch
import torch.nn.functional as F


def attributes(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def padding(x, kernel, strides, pads):
    """Symmetric begin padding when the extra end padding is read by no window (as ConvLens does), else an explicit pad."""
    n = len(kernel)
    begin, end = pads[:n], pads[n:]
    size = x.shape[2:]
    same = all((size[i] + begin[i] + end[i] - kernel[i]) // strides[i] == (size[i] + 2 * begin[i] - kernel[i]) // strides[i]
               and end[i] <= begin[i] for i in range(n))
    if same:
        return x, list(begin)
    flat = []
    for i in reversed(range(n)):
        flat += [begin[i], end[i]]
    return F.pad(x, flat), [0] * n


class Interpreter:
    def __init__(self, path):
        model = onnx.load(path)
        self.graph = model.graph
        self.weights = {t.name: torch.from_numpy(onnx.numpy_helper.to_array(t).copy()) for t in self.graph.initializer}
        self.input = next(i.name for i in self.graph.input if i.name not in self.weights)
        self.output = self.graph.output[0].name

    def __call__(self, x):
        values = dict(self.weights)
        values[self.input] = x
        for node in self.graph.node:
            a = attributes(node)
            ins = [values[i] for i in node.input]
            op = node.op_type
            if op == "Conv":
                k = a["kernel_shape"]
                s = a.get("strides", [1] * len(k))
                y, pad = padding(ins[0], k, s, a.get("pads", [0] * 2 * len(k)))
                out = F.conv2d(y, ins[1], ins[2] if len(ins) > 2 else None, s, pad, a.get("dilations", [1, 1]), a.get("group", 1))
            elif op == "BatchNormalization":
                out = F.batch_norm(ins[0], ins[3], ins[4], ins[1], ins[2], False, 0.0, a.get("epsilon", 1e-5))
            elif op == "Relu":
                out = F.relu(ins[0])
            elif op == "Add":
                out = ins[0] + ins[1]
            elif op == "MaxPool":
                k = a["kernel_shape"]
                s = a.get("strides", [1] * len(k))
                y, pad = padding(ins[0], k, s, a.get("pads", [0] * 2 * len(k)))
                if pad != [0] * len(k):
                    out = F.max_pool2d(y, k, s, pad)
                else:
                    out = F.max_pool2d(y, k, s)
            elif op == "AveragePool":
                k = a["kernel_shape"]
                s = a.get("strides", [1] * len(k))
                out = F.avg_pool2d(ins[0], k, s)
            else:
                raise SystemExit(f"op {op} is not in this small interpreter")
            values[node.output[0]] = out
        return values[self.output]


def calls(net, batch):
    gen = torch.Generator().manual_seed(1)
    images = torch.rand(batch, 3, 224, 224, generator=gen) * 255.0

    def forward():
        with torch.no_grad():
            return net(images).sum().item()

    def forward_backward():
        x = images.detach().requires_grad_(True)
        y = net(x)
        return torch.autograd.grad([y.sum()], [x])[0].sum().item()

    return {"forward": forward, "forward+backward": forward_backward}


def serve(path):
    torch.set_num_threads(2)
    net = Interpreter(path)
    contenders = {}
    for line in sys.stdin:
        name, batch = line.split()
        batch = int(batch)
        if batch not in contenders:
            contenders[batch] = calls(net, batch)
        call = contenders[batch][name]
        start = time.perf_counter()
        call()
        print(f"{(time.perf_counter() - start) * 1000:.3f}", flush=True)


def main():
    if sys.argv[1] == "--serve":
        serve(sys.argv[2])
        return
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    torch.set_num_threads(2)
    net = Interpreter(path)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {path}")
    for batch in (1, 8):
        gen = torch.Generator().manual_seed(1)
        images = torch.rand(batch, 3, 224, 224, generator=gen) * 255.0

        def forward():
            with torch.no_grad():
                return net(images).sum().item()

        def forward_backward():
            x = images.detach().requires_grad_(True)
            y = net(x)
            return torch.autograd.grad([y.sum()], [x])[0].sum().item()

        contenders = [("forward", forward), ("forward+backward", forward_backward)]
        times = {name: [] for name, _ in contenders}
        for r in range(-2, rounds):
            for name, call in contenders:
                call()
                start = time.perf_counter()
                call()
                if r >= 0:
                    times[name].append((time.perf_counter() - start) * 1000)
        for name, _ in contenders:
            print(f"batch {batch}  pytorch {name:<18} median {statistics.median(times[name]):8.1f} ms  min {min(times[name]):8.1f} ms")


if __name__ == "__main__":
    main()
