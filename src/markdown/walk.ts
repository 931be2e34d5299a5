// The tree walk of masthead's own markdown plugins: unist-util-visit's contract (preorder; a
// visitor may answer SKIP, EXIT, the index to go on from, or both; changes to the tree made on
// entering a node are walked) and its types, without its cost. unist-util-visit-parents names
// its inner function after every node it enters (an Object.defineProperty, for stack traces)
// and copies the ancestors for every parent: across the dozen walks each body gets, that was a
// fifth of a body's markdown time on the worker threads.
import type { Node, Parent } from 'unist';
import { CONTINUE, EXIT, SKIP, type BuildVisitor, type VisitorResult } from 'unist-util-visit';

export { CONTINUE, EXIT, SKIP };

type AnyVisitor = (node: Node, index: number | undefined, parent: Parent | undefined) => VisitorResult;

/** Visits every node of `tree` (of `type`, when given) in preorder, as unist-util-visit's `visit`. */
export function walk<Tree extends Node>(tree: Tree, visitor: BuildVisitor<Tree>): void;
export function walk<Tree extends Node, Type extends string>(tree: Tree, type: Type, visitor: BuildVisitor<Tree, Type>): void;
export function walk(tree: Node, typeOrVisitor: string | AnyVisitor, maybeVisitor?: AnyVisitor): void {
  const type = typeof typeOrVisitor === 'string' ? typeOrVisitor : undefined;
  const visitor = (typeof typeOrVisitor === 'string' ? maybeVisitor : typeOrVisitor)!;
  let stopped = false;
  enter(tree, undefined, undefined);

  /** Walks `node` and what it holds; answers the index its visitor said to go on from, if any.
   * A visitor's EXIT sets `stopped`. */
  function enter(node: Node, index: number | undefined, parent: Parent | undefined): number | undefined {
    let action: unknown = CONTINUE;
    let next: number | undefined;
    if (type === undefined || node.type === type) {
      const result = visitor(node, index, parent);
      if (Array.isArray(result)) [action, next] = result as [unknown, number | undefined];
      else if (typeof result === 'number') next = result;
      else if (result !== undefined && result !== null) action = result;
      if (action === EXIT) {
        stopped = true;
        return next;
      }
    }
    const children = (node as Partial<Parent>).children;
    if (children && action !== SKIP) {
      let offset = 0;
      while (offset < children.length) {
        const resume = enter(children[offset]!, offset, node as Parent);
        if (stopped) return resume;
        offset = typeof resume === 'number' ? resume : offset + 1;
      }
    }
    return next;
  }
}
