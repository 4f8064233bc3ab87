#!/usr/bin/env python3
"""Reference values of cosine_decay_restarts, computed exactly enough to judge lrsched's.

REFERENCE.md's restart rule, evaluated in 80-digit decimal arithmetic (Python's decimal module,
no other dependency): period i starts at S_i = F (t_mul^i - 1) / (t_mul - 1) and lasts
L_i = F t_mul^i, with t_mul the exact binary value of the double given; step t is in period i
when R_i <= t < R_i+1, R_i being S_i rounded up to a whole step, or to the nearest whole step
when S_i is within 1e-6 of it. The value is
lr ((1 - alpha) m_mul^i (1 + cos(pi (t - S_i) / L_i)) / 2 + alpha), written with 17 digits.

Steps: every step to 300, steps spread geometrically to INT64_MAX, and the three steps around
each restart step found below INT64_MAX (for t_mul near 1, around restarts spread out to the
end). The frameworks cannot serve as the reference here: TF and PyTorch find the period with
floor(log(...) / log(t_mul)) in double, which is what this test guards against.

    /usr/bin/python3 tests/golden/restarts_reference.py > tests/golden/restarts_reference.inc
"""
import math
from decimal import Decimal as D, getcontext, ROUND_CEILING, ROUND_FLOOR

getcontext().prec = 80
INT64_MAX = 2**63 - 1
TOLERANCE = D("1e-6")


def pi():
    """pi by the series of the decimal module's documentation, to the context's precision."""
    getcontext().prec += 2
    three = D(3)
    lasts, t, s, n, na, d, da = 0, three, 3, 1, 0, 0, 24
    while s != lasts:
        lasts = s
        n, na = n + na, na + 8
        d, da = d + da, da + 32
        t = (t * n) / d
        s += t
    getcontext().prec -= 2
    return +s


PI = pi()


def sin(x):
    getcontext().prec += 2
    i, lasts, s, fact, num, sign = 1, 0, x, 1, x, 1
    while s != lasts:
        lasts = s
        i += 2
        fact *= i * (i - 1)
        num *= x * x
        sign *= -1
        s += num / fact * sign
    getcontext().prec -= 2
    return +s


class Restarts:
    def __init__(self, lr, first, t_mul, m_mul, alpha):
        self.lr, self.f = D(lr), D(first)
        self.t, self.m, self.alpha = D(t_mul), D(m_mul), D(alpha)
        self.t_mul = t_mul
        self.first = first

    def start(self, i):  # S_i
        if self.t == 1:
            return self.f * i
        return self.f * (self.t ** i - 1) / (self.t - 1)

    def restart(self, i):  # R_i, possibly beyond INT64_MAX
        s = self.start(i)
        nearest = s.to_integral_value()
        if abs(s - nearest) <= TOLERANCE:
            return int(nearest)
        return int(s.to_integral_value(rounding=ROUND_CEILING))

    def period(self, t):
        if self.t == 1:
            return t // self.first
        # An estimate in binary floating point, then the rule itself decides.
        z = t * (self.t_mul - 1) / self.first
        i = max(0, int(math.log1p(z) / math.log(self.t_mul)) if z > 0 else 0)
        while i > 0 and self.restart(i) > t:
            i -= 1
        while self.restart(i + 1) <= t:
            i += 1
        return i

    def __call__(self, t):
        i = self.period(t)
        s_i = self.start(i)
        length = self.f * self.t ** i
        # (1 + cos(pi u / L)) / 2 = sin^2(pi/2 (L - u) / L), u = t - S_i
        c = sin(PI / 2 * (length - (D(t) - s_i)) / length) ** 2
        return self.lr * ((1 - self.alpha) * self.m ** i * c + self.alpha)

    def restarts_below_max(self, limit=200):
        """Restart steps below INT64_MAX: all of them, or `limit` spread out to the end."""
        if self.t == 1:
            count = INT64_MAX // self.first
            picks = sorted({1, 2, 3, count // 2, count - 1, count} |
                           {int(count ** (k / 40)) for k in range(41)})
            return [i * self.first for i in picks if i * self.first <= INT64_MAX]
        found, i = [], 1
        # The last period below the end: from the closed form, then checked.
        last = int(math.log1p(INT64_MAX * (self.t_mul - 1) / self.first) / math.log(self.t_mul))
        while self.restart(last + 1) <= INT64_MAX:
            last += 1
        while self.restart(last) > INT64_MAX:
            last -= 1
        if last <= limit:
            return [self.restart(i) for i in range(1, last + 1)]
        picks = sorted({1, 2, 3, last - 1, last} | {int(last ** (k / limit)) for k in range(limit + 1)})
        return [self.restart(i) for i in picks if i >= 1]


def steps_for(r):
    steps = set(range(0, 301))
    t = 301.0
    while t < INT64_MAX:
        steps.add(int(t))
        t *= 1.37
    steps.update({INT64_MAX - 1, INT64_MAX})
    for restart in r.restarts_below_max():
        steps.update({restart - 1, restart, restart + 1})
    return sorted(s for s in steps if 0 <= s <= INT64_MAX)


CASES = [
    # lr, first_decay_steps, t_mul, m_mul, alpha
    (1.0, 1, 1.001, 1.0, 0.0),
    (1.0, 1, 1.0001, 1.0, 0.0),
    (1.0, 1, 1.0000001, 1.0, 0.0),
    (1.0, 3, 1.0 + 2.0**-52, 1.0, 0.0),
    (0.1, 10, 1.1, 0.9, 0.01),
    (1.0, 5, 1.2, 1.0, 0.0),
    (1.0, 7, 1.5, 0.8, 0.0),
    (0.5, 1000, 2.5, 1.0, 0.05),
    (1.0, 123456789, 1.37, 0.99, 0.0),
    (1.0, 1, 10.0, 1.0, 0.0),
    (1.0, 1, 2.0, 1.0, 0.0),
    (0.3, 3, 2.0, 0.5, 0.1),
    (1.0, 1, 3.0, 1.0, 0.0),
    (1.0, 1000, 1.0, 0.999, 0.0),
    (1.0, 1, 1e155, 1.0, 0.0),
]


def main():
    print("// Generated by tests/golden/restarts_reference.py: cosine_decay_restarts by REFERENCE.md's")
    print("// restart rule in 80-digit decimal arithmetic. Do not edit.")
    print("// LRSCHED_RESTARTS_CASE(lr, first_decay_steps, t_mul, m_mul, alpha, {step, value}...)")
    for lr, first, t_mul, m_mul, alpha in CASES:
        r = Restarts(lr, first, t_mul, m_mul, alpha)
        points = []
        for t in steps_for(r):
            v = r(t)
            points.append(f"{{{t}, {float(v)!r}}}")
        print(f"LRSCHED_RESTARTS_CASE({lr!r}, {first}, {float(t_mul).hex()}, {m_mul!r}, {alpha!r},")
        for k in range(0, len(points), 4):
            print("    " + ", ".join(points[k:k + 4]) + ("," if k + 4 < len(points) else ")"))


if __name__ == "__main__":
    main()
