import type { NetworkCardLimit } from "dual-homed-server-rules";

/** Where one interface is attached: its network card and its device index on that card. */
export interface CardSlot {
  networkCardIndex: number;
  deviceIndex: number;
}

/**
 * Places the instance's interfaces (eth0 first, in `secondaryInterfaces` order) on the type's
 * network cards: an interface that names a card goes there; the others go on card 0 until it is
 * full, then on the next card with room. Device indexes are numbered per card in list order: on
 * card 0 after eth0 (1, 2, …), on every other card from 1, as AWS lays out multi-card types (the
 * primary interface alone is on card 0 at index 0). An interface finding no room stays on card 0,
 * where the interface-count rule reports it.
 */
export function placeOnCards(asked: (number | undefined)[], cards: readonly NetworkCardLimit[]): CardSlot[] {
  const room = new Map(cards.map((card) => [card.index, card.maxNetworkInterfaces]));
  const take = (card: number) => room.set(card, (room.get(card) ?? 0) - 1);
  // Named cards first, so an interface placed automatically never takes their room.
  take(0);
  for (const card of asked.slice(1)) if (card !== undefined) take(card);
  const cardOf = asked.map((card, position) => {
    if (position === 0) return 0;
    if (card !== undefined) return card;
    const free = [...cards].sort((a, b) => a.index - b.index).find((c) => (room.get(c.index) ?? 0) > 0);
    const chosen = free?.index ?? 0;
    take(chosen);
    return chosen;
  });
  const nextIndex = new Map<number, number>();
  return cardOf.map((networkCardIndex, position) => {
    if (position === 0) return { networkCardIndex: 0, deviceIndex: 0 };
    const deviceIndex = nextIndex.get(networkCardIndex) ?? 1;
    nextIndex.set(networkCardIndex, deviceIndex + 1);
    return { networkCardIndex, deviceIndex };
  });
}
