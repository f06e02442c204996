import { Anchor, type AnchorProps, Button, type ButtonProps, Table } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { type AnchorHTMLAttributes, forwardRef, type ReactNode } from 'react';

// Mantine's polymorphic `component={Link}` loses the router's typing of params and search; these keep it.
const AnchorBase = forwardRef<HTMLAnchorElement, AnchorProps & AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => <Anchor ref={ref} {...props} />);
const ButtonBase = forwardRef<HTMLAnchorElement, ButtonProps & AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => <Button component="a" ref={ref} {...props} />);

const CreatedAnchor = createLink(AnchorBase);
const CreatedButton = createLink(ButtonBase);
export const AnchorLink: LinkComponent<typeof AnchorBase> = (props) => <CreatedAnchor preload="intent" {...props} />;
export const ButtonLink: LinkComponent<typeof ButtonBase> = (props) => <CreatedButton preload="intent" {...props} />;

/** A table that scrolls sideways on narrow screens; the scrolling region is focusable so keyboards can scroll it. */
export function ScrollTable({ minWidth, label, children }: { minWidth: number; label: string; children: ReactNode }) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label}>
      {children}
    </Table.ScrollContainer>
  );
}

/** Mantine's `sm` breakpoint and up: one layout in the page at a time (not two with one hidden). */
export function useWideScreen(): boolean {
  return useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
}
