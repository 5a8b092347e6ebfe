//! Union-find (disjoint sets) with union by size and path halving.

use serde::{Deserialize, Serialize};

/// Disjoint sets over `0..len`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub(crate) fn new(len: usize) -> UnionFind {
        UnionFind {
            parent: (0..len as u32).collect(),
            size: vec![1; len],
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.parent.len()
    }

    /// Adds one singleton set and returns its element.
    pub(crate) fn push(&mut self) -> u32 {
        let i = self.parent.len() as u32;
        self.parent.push(i);
        self.size.push(1);
        i
    }

    /// The representative of `x`'s set, compressing the path (path halving).
    pub(crate) fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// The representative of `x`'s set, without modifying the structure.
    pub(crate) fn root(&self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            x = self.parent[x as usize];
        }
        x
    }

    /// Merges the sets of `a` and `b`; returns false when they were already one set.
    pub(crate) fn union(&mut self, a: u32, b: u32) -> bool {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        // Union by size; ties go to the smaller index so the structure is deterministic.
        if self.size[ra as usize] < self.size[rb as usize]
            || (self.size[ra as usize] == self.size[rb as usize] && rb < ra)
        {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb as usize] = ra;
        self.size[ra as usize] += self.size[rb as usize];
        true
    }

    /// Checks the structure read from a state file: every parent in range and no cycles beyond
    /// roots pointing at themselves.
    pub(crate) fn validate(&self) -> Result<(), String> {
        let n = self.parent.len();
        if self.size.len() != n {
            return Err(format!(
                "union-find has {} parents but {} sizes",
                n,
                self.size.len()
            ));
        }
        if let Some(i) = self.parent.iter().position(|&p| p as usize >= n) {
            return Err(format!("union-find parent of {i} is out of range"));
        }
        // A valid forest reaches a root from every node in fewer than n steps.
        let mut depth_ok = vec![false; n];
        for start in 0..n {
            let mut x = start;
            let mut steps = 0usize;
            let mut path = Vec::new();
            while self.parent[x] as usize != x && !depth_ok[x] {
                path.push(x);
                x = self.parent[x] as usize;
                steps += 1;
                if steps > n {
                    return Err(format!("union-find has a cycle through {start}"));
                }
            }
            for p in path {
                depth_ok[p] = true;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unions_join_sets() {
        let mut uf = UnionFind::new(5);
        assert!(uf.union(0, 1));
        assert!(uf.union(3, 4));
        assert!(!uf.union(1, 0));
        assert_eq!(uf.find(0), uf.find(1));
        assert_ne!(uf.find(1), uf.find(3));
        assert!(uf.union(1, 4));
        assert_eq!(uf.root(0), uf.root(3));
        assert_eq!(uf.root(2), 2);
        assert_eq!(uf.push(), 5);
        assert_eq!(uf.len(), 6);
        assert!(uf.validate().is_ok());
    }

    #[test]
    fn validate_rejects_cycles_and_bad_parents() {
        let uf = UnionFind {
            parent: vec![1, 0],
            size: vec![1, 1],
        };
        assert!(uf.validate().is_err());
        let uf = UnionFind {
            parent: vec![5],
            size: vec![1],
        };
        assert!(uf.validate().is_err());
    }
}
