// Public API of the checkout-benefits package. The data shapes (Program, Request,
// Quote, Problem, ...) are generated from the engine's own types in ./types.d.ts.
import type { Cart, Customer, Problem, Program, Quote, Request } from './types.js';

export type * from './types.js';

/** One of the error codes carried by `CheckoutBenefitsError`. */
export type ErrorCode = 'invalid_program' | 'invalid_request' | 'limit_exceeded';

/** A request as the JS API accepts it: `now` defaults to the current time. */
export type QuoteRequest = Omit<Request, 'now'> & { now?: string };

/** What `Engine.quoteFor` quotes for a prepared customer. */
export interface CartRequest {
  /** RFC 3339 instant; defaults to the current time. */
  now?: string;
  cart: Cart;
}

/**
 * Thrown for a refused program or request. A real `Error` (`name` is
 * `'CheckoutBenefitsError'`) with the code and JSON path of the first problem.
 */
export declare class CheckoutBenefitsError extends Error {
  constructor(message: string, details?: { code?: ErrorCode; path?: string; problems?: Problem[] });
  readonly name: 'CheckoutBenefitsError';
  /** `invalid_program`, `invalid_request` or `limit_exceeded`. */
  code: ErrorCode;
  /** Where the first problem is, e.g. `offers[0].brackets[1].minSubtotal` (`''` for the root). */
  path: string;
  /** Every problem found (at least one). */
  problems: Problem[];
}

/** A customer whose order history has been digested once by `Engine.prepareCustomer`. */
export declare class PreparedCustomer {
  private constructor();
  /** Releases the memory now instead of when garbage-collected. */
  free(): void;
  [Symbol.dispose](): void;
}

/** A compiled program: build once, quote many carts. */
export declare class Engine {
  /**
   * Compiles a program (an object, or its JSON text); throws `CheckoutBenefitsError`
   * (`invalid_program`, `limit_exceeded`).
   */
  constructor(program: Program | string);
  /** Quotes a request; throws `CheckoutBenefitsError` (`invalid_request`, `limit_exceeded`). */
  quote(request: QuoteRequest): Quote;
  /**
   * Quotes a request given as JSON text and returns the quote as compact JSON text.
   * Anything but a string throws `CheckoutBenefitsError` (`invalid_request`).
   */
  quoteJson(requestJson: string): string;
  /** Digests a customer's order history once, for many quotes of changing carts. */
  prepareCustomer(customer: Customer): PreparedCustomer;
  /**
   * Quotes a cart for a prepared customer (the live-preview fast path). A customer prepared
   * by another engine throws `invalid_request` at `customer`.
   */
  quoteFor(prepared: PreparedCustomer, request: CartRequest): Quote;
  /**
   * `quoteFor` with JSON text in and out: `{ now, cart }` as JSON text (`now` required, as in
   * `quoteJson`), the quote as compact JSON text. The fastest path for live previews.
   */
  quoteForJson(prepared: PreparedCustomer, requestJson: string): string;
  /** Releases the memory now instead of when garbage-collected. */
  free(): void;
  [Symbol.dispose](): void;
}

/** Checks a program (an object or its JSON text) and returns every problem found (`[]` when valid). */
export declare function validateProgram(program: unknown): Problem[];

/** One customer's recalculated cumulative discount (percent strings). */
export interface RecalculatedCustomer {
  id: string;
  /** The stored percentage before recalculation (`"0"` when none was stored). */
  previous: string;
  /** The percentage to store now (never lower than `previous`). */
  cumulativeDiscount: string;
}

/** A customer record that could not be recalculated. */
export interface RecalculationProblem {
  /** Position of the record in the input array. */
  index: number;
  id?: string;
  code: ErrorCode;
  /** Relative to the record, e.g. `orders[3].total`. */
  path: string;
  message: string;
}

/**
 * Recalculates the stored cumulative discount of every customer at `now` (RFC 3339
 * string or Date; the current time when omitted), as a quote at that instant would
 * report it. One entry per customer, in order. Throws `CheckoutBenefitsError` when the
 * program is invalid or has no enabled cumulative discount.
 */
export declare function recalculateCumulativeDiscounts(
  program: Program | string,
  customers: Customer[],
  now?: string | Date,
): Array<RecalculatedCustomer | RecalculationProblem>;

/** A points ledger event (the store's backend applies them to a balance). */
export type PointsEvent =
  | { id: string; type: 'earned'; points: number; orderId: string; reason?: string; at: string }
  | { id: string; type: 'redeemed'; points: number; rewardId?: string; orderId?: string; reason?: string; at: string }
  | { id: string; type: 'adjusted'; points: number; reason: string; at: string }
  | { id: string; type: 'reversed'; points?: number; orderId: string; reason?: string; at: string }
  | { id: string; type: 'expired'; points: number; reason?: string; at: string };

/** What happened to one event. */
export interface PointsEventResult {
  id: string;
  status: 'applied' | 'rejected' | 'duplicate';
  delta: number;
  balance: number;
  reason: string | null;
  /** Points a reversal could not take back because they were already spent. */
  shortfall: number;
}

/**
 * Applies points events to an opening balance, in order: the balance never goes
 * negative, an event id counts once, a reversal takes back exactly what its order earned.
 * Malformed events throw `CheckoutBenefitsError` with the path (`events[2].type`).
 */
export declare function applyPointsEvents(
  openingBalance: number,
  events: PointsEvent[] | string,
): { balance: number; results: PointsEventResult[] };

/**
 * Finds a customer by discount card number: the index of the first record whose
 * `discountCard` matches once spaces are removed, or -1.
 */
export declare function findCustomerByCard(customers: Customer[], number: string): number;

/** The package version. */
export declare const version: string;
