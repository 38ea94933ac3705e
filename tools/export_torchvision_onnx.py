#!/usr/bin/python3
"""Exports torchvision models with random weights to ONNX, with one input and torch's outputs beside each file,
in the layout of the ONNX backend tests (model.onnx, test_data_set_0/input_0.pb, output_N.pb). Developer tool,
never a CI dependency: the exports are large and stay out of the repository.

Needs Debian's python3-torch, python3-torchvision and python3-onnx (run with /usr/bin/python3, not a pyenv one):
  /usr/bin/python3 tools/export_torchvision_onnx.py OUT_DIR swin_t:64:17 maxvit_t:224:17 ...
Each argument is NAME[:SIZE[:OPSET]] (SIZE is the square input side, default 224; OPSET default 17).
Then compare ConvLens's import with torch on every export in OUT_DIR (max relative error, and a backward pass):
  CONVLENS_TORCHVISION_EXPORTS=OUT_DIR dotnet test tests/ConvLens.Tests -c Release --filter TorchVisionExportTests
"""
import os
import sys
from collections import Counter

import onnx
import torch
import torchvision
from onnx import numpy_helper


def build(name, size):
    """The model with random weights and randomized batch-norm statistics, in eval mode."""
    torch.manual_seed(0)
    builder = torchvision.models.get_model_builder(name)
    kwargs = {}
    if name.startswith('vit_'):
        kwargs['image_size'] = size
    if name.startswith(('ssd', 'retinanet', 'fasterrcnn', 'fcos', 'deeplab', 'lraspp', 'fcn')):
        # Detection and segmentation builders would download ImageNet backbone weights by default.
        kwargs.update(weights_backbone=None)
        if name.startswith('retinanet'):
            kwargs.update(min_size=size, max_size=size)
    model = builder(weights=None, **kwargs).eval()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
        for p in model.parameters():
            # Zero-initialized layers (ViT's head) would make the output, and every gradient, zero.
            if p.dim() >= 2 and not p.any():
                p.normal_(0, 0.02)
        if hasattr(model, 'head') and hasattr(model.head, 'classification_head'):
            # Near-equal random class scores tie by the hundred, and torch orders ties arbitrarily: spread them.
            for p in model.head.classification_head.parameters():
                p.normal_(0, 0.5)
    return model


def export(out_dir, spec):
    parts = spec.split(':')
    name = parts[0]
    size = int(parts[1]) if len(parts) > 1 else 224
    opset = int(parts[2]) if len(parts) > 2 else 17
    model = build(name, size)
    x = torch.rand(1, 3, size, size, generator=torch.Generator().manual_seed(1))
    detection = name.startswith(('ssd', 'retinanet', 'fasterrcnn', 'fcos'))
    if detection:
        # Detection models take a list of [3, H, W] images; the export has one such input.
        x = x[0]
    args = ([x],) if detection else (x,)
    with torch.no_grad():
        expected = model(*args)
    outputs = flatten(expected)
    folder = os.path.join(out_dir, f'{name}_{size}_opset{opset}')
    os.makedirs(os.path.join(folder, 'test_data_set_0'), exist_ok=True)
    path = os.path.join(folder, 'model.onnx')
    torch.onnx.export(model, args, path, opset_version=opset, input_names=['input'],
                      output_names=[f'output_{i}' for i in range(len(outputs))], do_constant_folding=True)
    write(os.path.join(folder, 'test_data_set_0', 'input_0.pb'), x)
    for i, t in enumerate(outputs):
        write(os.path.join(folder, 'test_data_set_0', f'output_{i}.pb'), t)
    ops = Counter(n.op_type for n in onnx.load(path).graph.node)
    print(f'{folder}: {sum(ops.values())} nodes; ' + ', '.join(f'{k} {v}' for k, v in sorted(ops.items())))


def flatten(value):
    """Tensors of a model output in order: a tensor, a tuple/list, or dicts (detection and segmentation models)."""
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in flatten(v)]
    return [t for v in value for t in flatten(v)]


def write(path, t):
    with open(path, 'wb') as f:
        f.write(numpy_helper.from_array(t.detach().numpy()).SerializeToString())


if __name__ == '__main__':
    for spec in sys.argv[2:]:
        export(sys.argv[1], spec)
