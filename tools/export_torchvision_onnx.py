#!/usr/bin/python3
"""Exports torchvision models with random weights to ONNX, with one input and torch's outputs beside each file,
in the layout of the ONNX backend tests (model.onnx, test_data_set_0/input_0.pb, output_N.pb). Developer tool,
never a CI dependency: the exports are large and stay out of the repository.

Needs Debian's python3-torch, python3-torchvision and python3-onnx (run with /usr/bin/python3, not a pyenv one):
  /usr/bin/python3 tools/export_torchvision_onnx.py OUT_DIR swin_t:64:17 maxvit_t:224:17 ...
Each argument is NAME[:SIZE[:OPSET]] (SIZE is the square input side, default 224; OPSET default 17).
--raw-heads before the specs exports SSD and RetinaNet detectors without their post-processing (RawHeads below):
  /usr/bin/python3 tools/export_torchvision_onnx.py OUT_DIR --raw-heads ssdlite320_mobilenet_v3_large:320:17
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
from torchvision.models.detection.image_list import ImageList
from torchvision.models.detection.retinanet import RetinaNet
from torchvision.ops import boxes as box_ops

# What ConvLens feeds every ONNX file: RGB in 0..1 normalised with ImageNet's mean and std (Preprocessing.ImageNet).
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


class RawHeads(torch.nn.Module):
    """An SSD or RetinaNet up to its decoded per-anchor outputs, before the score threshold, top-k and NMS: boxes
    [N, anchors, 4] as x1, y1, x2, y2 in input pixels (clipped to the image, as torchvision's post-processing does)
    and class scores [N, anchors, classes] (SSD: softmax, column 0 the background; RetinaNet: sigmoid). The
    input is a [N, 3, SIZE, SIZE] image as ConvLens feeds it (ImageNet-normalised); the detector's own
    normalisation is applied inside, and its resize is left out, since the input already has the detector's size.
    The anchors depend only on that size, so they are computed once here and exported as a constant."""

    def __init__(self, model, size):
        super().__init__()
        self.backbone, self.head, self.box_coder = model.backbone, model.head, model.box_coder
        self.sigmoid = isinstance(model, RetinaNet)
        self.size = size
        as_image = lambda v: torch.tensor(v).view(1, 3, 1, 1)
        self.register_buffer('imagenet_mean', as_image(IMAGENET_MEAN))
        self.register_buffer('imagenet_std', as_image(IMAGENET_STD))
        self.register_buffer('mean', as_image(model.transform.image_mean))
        self.register_buffer('std', as_image(model.transform.image_std))
        with torch.no_grad():
            x = torch.zeros(1, 3, size, size)
            anchors = model.anchor_generator(ImageList(x, [(size, size)]), self.features(x))[0]
        self.register_buffer('anchors', anchors)

    def features(self, x):
        features = self.backbone(x)
        return list(features.values()) if isinstance(features, dict) else [features]

    def forward(self, x):
        x = (x * self.imagenet_std + self.imagenet_mean - self.mean) / self.std
        out = self.head(self.features(x))
        regression, logits = out['bbox_regression'], out['cls_logits']
        n = regression.shape[0]
        boxes = self.box_coder.decode_single(regression.reshape(-1, 4), self.anchors.repeat(n, 1)).reshape(n, -1, 4)
        boxes = box_ops.clip_boxes_to_image(boxes, (self.size, self.size))
        scores = torch.sigmoid(logits) if self.sigmoid else torch.softmax(logits, dim=-1)
        return boxes, scores


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
            spread_class_logits(model, size)
    return model


def spread_class_logits(model, size, std=3.0):
    """Random class heads give logits so close together that hundreds of scores tie within float32 rounding, and
    the detections after non-maximum suppression then depend on how each implementation rounds; scaled blindly
    (weights drawn with std 0.5), SSD's softmax and RetinaNet's sigmoid saturate at exactly 1.0 and every score
    ties. So the last convolution of each class branch is scaled until the logits have standard deviation std on
    a random image: spread out, not saturated."""
    head = model.head.classification_head
    if hasattr(head, 'cls_logits'):
        last = [head.cls_logits]
    else:
        last = [[m for m in branch.modules() if isinstance(m, torch.nn.Conv2d)][-1] for branch in head.module_list]
    logits = []
    hook = head.register_forward_hook(lambda module, inputs, output: logits.append(output))
    model([torch.rand(3, size, size, generator=torch.Generator().manual_seed(2))])
    hook.remove()
    scale = std / logits[0].std()
    for conv in last:
        conv.weight.mul_(scale)


def export(out_dir, spec, raw_heads):
    parts = spec.split(':')
    name = parts[0]
    size = int(parts[1]) if len(parts) > 1 else 224
    opset = int(parts[2]) if len(parts) > 2 else 17
    model = build(name, size)
    detection = name.startswith(('ssd', 'retinanet', 'fasterrcnn', 'fcos'))
    x = photo(size) if detection else torch.rand(1, 3, size, size, generator=torch.Generator().manual_seed(1))
    if raw_heads:
        if not name.startswith(('ssd', 'retinanet')):
            sys.exit(f'--raw-heads is for SSD and RetinaNet detectors, not {name}')
        model = RawHeads(model, size).eval()
        x = (x - model.imagenet_mean) / model.imagenet_std
        name += '_raw_heads'
        detection = False
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
    output_names = ['boxes', 'scores'] if raw_heads else [f'output_{i}' for i in range(len(outputs))]
    torch.onnx.export(model, args, path, opset_version=opset, input_names=['input'],
                      output_names=output_names, do_constant_folding=True)
    write(os.path.join(folder, 'test_data_set_0', 'input_0.pb'), x)
    for i, t in enumerate(outputs):
        write(os.path.join(folder, 'test_data_set_0', f'output_{i}.pb'), t)
    ops = Counter(n.op_type for n in onnx.load(path).graph.node)
    print(f'{folder}: {sum(ops.values())} nodes; ' + ', '.join(f'{k} {v}' for k, v in sorted(ops.items())))


def photo(size):
    """samples/astronaut.png as [1, 3, size, size] in 0..1. Detectors get a photo, not noise: on noise every anchor
    position sees the same statistics, so with random weights neighbouring boxes score within float32 rounding of
    each other and the detections after non-maximum suppression soon depend on how each implementation rounds."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'samples', 'astronaut.png')
    image = torchvision.io.read_image(path, torchvision.io.ImageReadMode.RGB).float().div(255).unsqueeze(0)
    return torch.nn.functional.interpolate(image, size=(size, size), mode='bilinear', antialias=True, align_corners=False)


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
    raw = '--raw-heads' in sys.argv[2:]
    for spec in (a for a in sys.argv[2:] if a != '--raw-heads'):
        export(sys.argv[1], spec, raw)
