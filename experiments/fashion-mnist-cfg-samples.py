# The samples strip of the README's Guidance section: rows are guidance scales, columns the ten classes.
# usage: python3 experiments/fashion-mnist-cfg-samples.py OUT.png RUN_DIR...  (one trial directory per row, in row order;
#        sample i of a run is class i mod 10, as sampling.labels: all gives them)
import json, sys, zlib, struct, numpy as np
runs = sys.argv[2:]   # run directories, in row order
out = sys.argv[1]
per = 2
tiles = []
for run in runs:
    x = np.load(run + "/samples.npy")          # [n, 1, 28, 28] in [-1, 1]
    row = []
    for c in range(10):
        for j in range(per):
            row.append(x[c + 10 * j, 0])
    tiles.append(row)
pad = 2
h = len(tiles) * (28 + pad) + pad
w = 10 * per * (28 + pad) + pad + 6 * 9
img = np.full((h, w), 128, dtype=np.uint8)
for r, row in enumerate(tiles):
    for i, t in enumerate(row):
        c = i // per
        y0 = pad + r * (28 + pad)
        x0 = pad + i * (28 + pad) + 6 * c
        img[y0:y0 + 28, x0:x0 + 28] = np.clip((t + 1) * 127.5, 0, 255).astype(np.uint8)
img = np.kron(img, np.ones((2, 2), dtype=np.uint8))
def png(path, a):
    raw = b"".join(b"\x00" + a[i].tobytes() for i in range(a.shape[0]))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", a.shape[1], a.shape[0], 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
png(out, img)
